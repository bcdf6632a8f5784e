"""Intervisie privacy: the detector, the methods as checked content, and what the LRS gets
(checked against the real Ralph LRS: participation only, never a case or a name)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from lti_tool.content.intervisie_check import load_intervisie
from lti_tool.intervisie.privacy import find_traceable, passes_eleven_test
from lti_tool.models import Organisation
from tests.intervisie_support import close, form_group, person, start_session, write

pytest_plugins = ["conftest_ralph"]
PACKAGE = Path(__file__).resolve().parent.parent / "content_packages" / "werkbegeleiding"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_traceable(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mijn collega Pieter de Boer zei niets.", [("name", "Pieter de Boer")]),
    ("Ik sprak mevrouw Jansen aan.", [("name", "Jansen")]),
    ("De cliënt, genaamd Fatima, belde.", [("name", "Fatima")]),
    ("Haar BSN is 111222333.", [("bsn", "111222333")]),
    ("Nummer 1112.22.333 stond erop.", [("bsn", "1112.22.333")]),
    ("Ze is geboren op 3 mei 1970.", [("date", "geboren op 3 mei 1970")]),
    ("Sinds 12-03-1988 werkt hij hier.", [("date", "12-03-1988")]),
    ("Hij woont aan de Dorpsstraat 12 in 1234 AB.", [("address", "Dorpsstraat 12"),
                                                      ("address", "1234 AB")]),
])
def test_detector_flags_what_is_traceable(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "Mijn nieuwe collega komt vaak te laat. Ik weet niet hoe ik het aankaart.",
    "De collega die ik begeleid werkt er 3 maanden. Ik heb 2 keer met haar gesproken.",
    "Mijn collega Ik bedoel: het is lastig.",  # a sentence word after a cue is no name
    "Het telefoonnummer 123456789 is geen BSN.",  # fails the eleven-test
])
def test_detector_leaves_ordinary_text_alone(text):
    assert kinds(text) == []


def test_eleven_test():
    assert passes_eleven_test("111222333") and passes_eleven_test("123456782")
    assert not passes_eleven_test("123456789") and not passes_eleven_test("000000000")
    assert not passes_eleven_test("12345678")


def test_package_methods_load():
    methods, problems = load_intervisie(PACKAGE)
    assert problems == []
    assert [m.id for m in methods.methods] == ["incidentmethode", "roddelmethode"]
    incident = methods.get("incidentmethode")
    assert [s.kind for s in incident.steps] == ["case", "write", "choose", "write", "write", "write"]


@pytest.mark.parametrize("change, message", [
    (lambda m: m["steps"].pop(0), "the first step must be the inbrenger's case"),
    (lambda m: m["steps"][2].update({"from": "onbekend"}), "chooses from an earlier 'write'"),
    (lambda m: m["steps"][1].update({"id": "casus"}), "its own id"),
])
def test_broken_methods_are_reported(tmp_path, change, message):
    for name in ("course.yaml",):
        (tmp_path / name).write_text((PACKAGE / name).read_text())
    (tmp_path / "intervisie").mkdir()
    data = yaml.safe_load((PACKAGE / "intervisie" / "methods.yaml").read_text())
    change(data["methods"][0])
    (tmp_path / "intervisie" / "methods.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    methods, problems = load_intervisie(tmp_path)
    assert methods is None
    assert any(message in str(problem) for problem in problems), problems


CASE = "Mijn collega heeft moeite met het rooster en PRIVE-CASUS gaat over haar."


def test_xapi_records_participation_only_in_the_real_lrs(app, client, set_lrs, ralph,
                                                         make_worker, drain):
    trainer = person(app, trainer=True)
    members = [person(app, name=n) for n in ("Anna Geheim", "Bram Geheim", "Cem Geheim")]
    with app.extensions["db"].session() as session:
        organisation_id = session.scalars(select(Organisation.id).where(
            Organisation.slug == "test-org")).one()
    set_lrs(organisation_id, ralph.endpoint, ralph.username, ralph.password)
    group_id, _code = form_group(client, trainer, members, name="GROEPSNAAM")
    session_id = start_session(client, members[0], group_id, method="roddelmethode")
    write(client, members[0], session_id, "casus", CASE)
    for index, step in enumerate(("vragen", "roddelen"), start=1):
        for who in members[1:]:
            write(client, who, session_id, step, f"PRIVE-BIJDRAGE {step}")
        close(client, members[1], session_id, index)
    write(client, members[0], session_id, "reactie", "PRIVE-REACTIE")
    close(client, members[2], session_id, 4)
    for who in members:
        client.get(f"/intervisie/g/{group_id}?lt={who.token}")
    drain(make_worker())
    stored = [s for s in ralph.statements() if "_intervisie" in json.dumps(s)]
    assert len(stored) == 3
    text = json.dumps(stored, ensure_ascii=False)
    for private in ("PRIVE", "GROEPSNAAM", "Geheim", "Anna", "rooster", "Groep"):
        assert private not in text
    assert all(s["verb"]["id"].endswith("/completed") for s in stored)
