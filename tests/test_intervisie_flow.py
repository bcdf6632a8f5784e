"""Intervisie end to end through the app: groups, both methods, live and asynchronous,
privacy of content (403 for the trainer), deletion, retention, completion and idempotency."""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lti_tool.intervisie.retention import purge_groups
from lti_tool.models import OutboxMessage, utcnow
from lti_tool.models.intervisie import (
    IntervisieEntry,
    IntervisieGroup,
    IntervisieMember,
    IntervisieParticipant,
    IntervisieSession,
)
from tests.intervisie_support import CASE, close, group_of_four, person, start_session, write


@pytest.fixture
def group(app, client):
    return group_of_four(app, client)


def _count(app, model, **where) -> int:
    with app.extensions["db"].session() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.scalar(query)


def _session_row(app, session_id: int) -> tuple[str, int]:
    with app.extensions["db"].session() as session:
        row = session.get(IntervisieSession, session_id)
        return row.status, row.step_index


def test_trainer_forms_group_and_members_see_it(app, client, group):
    trainer, members, group_id, _code = group
    assert _count(app, IntervisieMember, group_id=group_id) == 4
    page = client.get(f"/intervisie/?lt={members[0].token}")
    assert page.status_code == 200 and "Groep Noord" in page.text
    assert client.get(f"/intervisie/g/{group_id}?lt={members[1].token}").status_code == 200
    # the trainer formed it but is no member: no content route opens
    assert client.get(f"/intervisie/g/{group_id}?lt={trainer.token}").status_code == 403


def test_join_with_code_and_the_group_has_at_most_eight(app, client, group):
    _trainer, _members, group_id, code = group
    joiners = [person(app) for _ in range(5)]
    for joiner in joiners[:4]:
        response = client.post("/intervisie/aansluiten", data={
            "lt": joiner.token, "code": code.lower(), "display_name": "Nieuw"})
        assert response.headers["Location"].startswith(f"/intervisie/g/{group_id}")
    full = client.post("/intervisie/aansluiten", data={"lt": joiners[4].token, "code": code})
    assert "melding=vol" in full.headers["Location"]
    wrong = client.post("/intervisie/aansluiten", data={"lt": joiners[4].token, "code": "ZZZZZZZZ"})
    assert "melding=code" in wrong.headers["Location"]
    assert _count(app, IntervisieMember, group_id=group_id) == 8


def test_join_code_tries_are_limited(app, client, group):
    stranger = person(app)
    for _ in range(10):
        client.post("/intervisie/aansluiten", data={"lt": stranger.token, "code": "ABCDEFGH"})
    response = client.post("/intervisie/aansluiten", data={"lt": stranger.token, "code": group[3]})
    assert "melding=wacht" in response.headers["Location"]


def _incident_live(client, members, session_id) -> None:
    anna, bram, cem, dewi = members
    assert write(client, anna, session_id, "casus", CASE).status_code == 303
    for who, text in ((bram, "Sinds wanneer gebeurt het?"), (cem, "Heb je het al benoemd?"),
                      (dewi, "Wat zegt je leidinggevende?")):
        assert write(client, who, session_id, "vragen", text).status_code == 303
    close(client, bram, session_id, 1)
    page = client.get(f"/intervisie/s/{session_id}?lt={anna.token}").text
    import re
    entry = re.search(r'name="entry" value="(\d+)"[^>]*><label for="entry-\d+">Heb je het al', page)
    client.post(f"/intervisie/s/{session_id}/kiezen", data={"lt": anna.token, "entry": entry.group(1)})
    for who in (bram, cem, dewi):
        write(client, who, session_id, "adviezen", "Als ik jou was, zou ik het rustig benoemen.")
    close(client, cem, session_id, 3)
    write(client, anna, session_id, "meenemen", "Ik benoem het morgen in ons overleg.")
    for who in members:
        write(client, who, session_id, "terugblik", "Fijn en rustig.")
    close(client, dewi, session_id, 5)


def test_incidentmethode_live_end_to_end(app, client, group):
    _trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    _incident_live(client, members, session_id)
    assert _session_row(app, session_id) == ("done", 6)
    page = client.get(f"/intervisie/s/{session_id}?lt={members[2].token}").text
    assert "Gekozen vraag:" in page and "Heb je het al benoemd?" in page
    assert "De bespreking is klaar" in page
    assert _count(app, IntervisieParticipant, session_id=session_id) == 4


def test_roddelmethode_async_with_deadlines(app, client, group):
    _trainer, members, group_id, _code = group
    anna, bram, cem, dewi = members
    session_id = start_session(client, anna, group_id, method="roddelmethode", mode="async")
    page = client.get(f"/intervisie/s/{session_id}?lt={bram.token}").text
    assert "Wacht tot de inbrenger" in page and "Deze stap sluit op" in page
    write(client, anna, session_id, "casus", CASE)
    assert _session_row(app, session_id) == ("open", 1)
    # only two of three wrote: the step stays open until its deadline passes
    write(client, bram, session_id, "vragen", "Hoe lang werkt ze er?")
    write(client, cem, session_id, "vragen", "Is het elke dag?")
    assert _session_row(app, session_id) == ("open", 1)
    assert "Jij bent aan de beurt" in client.get(f"/intervisie/s/{session_id}?lt={dewi.token}").text
    group_page = client.get(f"/intervisie/g/{group_id}?lt={dewi.token}").text
    assert "data-next-action>Jij bent aan de beurt: korte vragen." in group_page
    with app.extensions["db"].session() as session:
        session.get(IntervisieSession, session_id).step_deadline = utcnow() - timedelta(minutes=1)
    page = client.get(f"/intervisie/s/{session_id}?lt={dewi.token}").text
    assert _session_row(app, session_id) == ("open", 2)
    assert "De groep praat erover" in page
    # everyone it asks has written: the step closes by itself
    for who in (bram, cem, dewi):
        write(client, who, session_id, "roddelen", "Ik denk dat ze het spannend vindt.")
    assert _session_row(app, session_id) == ("open", 3)
    write(client, anna, session_id, "reactie", "Ik had niet gedacht aan spanning.")
    # two deadlines in the past at once: both steps close on the next visit
    with app.extensions["db"].session() as session:
        session.get(IntervisieSession, session_id).step_deadline = utcnow() - timedelta(days=3)
    client.get(f"/intervisie/g/{group_id}?lt={bram.token}")
    assert _session_row(app, session_id)[0] == "done"


def test_privacy_detector_flags_and_lets_the_inbrenger_go_on(app, client, group):
    _trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    text = "Mijn collega Pieter (geboren 12-03-1988, BSN 111222333) kwam te laat."
    flagged = write(client, members[0], session_id, "casus", text)
    assert flagged.status_code == 422
    for kind in ("name", "bsn", "date"):
        assert f'data-finding="{kind}"' in flagged.text
    assert _count(app, IntervisieEntry, session_id=session_id) == 0
    assert write(client, members[0], session_id, "casus", text, confirmed=True).status_code == 303
    assert _count(app, IntervisieEntry, session_id=session_id) == 1


def test_only_members_reach_content(app, client, group):
    trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", CASE)
    outsider = person(app)
    for who, status in ((trainer, 403), (outsider, 403), (members[3], 200)):
        for path in (f"/intervisie/s/{session_id}", f"/intervisie/s/{session_id}/scherm",
                     f"/intervisie/s/{session_id}/stand", f"/intervisie/g/{group_id}"):
            response = client.get(f"{path}?lt={who.token}")
            assert response.status_code == status, (path, response.status_code)
            assert CASE not in response.text or status == 200
    assert write(client, trainer, session_id, "vragen", "x").status_code == 403


def test_trainer_sees_who_took_part_but_not_what_was_said(app, client, group):
    trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    _incident_live(client, members, session_id)
    page = client.get(f"/intervisie/trainer?lt={trainer.token}").text
    assert "Anna, Bram, Cem, Dewi" in page
    assert CASE not in page and "Heb je het al benoemd" not in page


def test_a_member_deletes_a_session(app, client, group):
    _trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", CASE)
    response = client.post(f"/intervisie/s/{session_id}/verwijderen", data={"lt": members[2].token})
    assert response.status_code == 303
    assert _count(app, IntervisieSession, id=session_id) == 0
    assert _count(app, IntervisieEntry, session_id=session_id) == 0


def test_retention_purges_old_groups(app, client, group):
    _trainer, _members, group_id, _code = group
    with app.extensions["db"].session() as session:
        assert purge_groups(session) == 0
        session.get(IntervisieGroup, group_id).last_activity_at = utcnow() - timedelta(days=800)
    with app.extensions["db"].session() as session:
        assert purge_groups(session) == 1
    assert _count(app, IntervisieMember, group_id=group_id) == 0


def test_completion_is_reported_once_per_member(app, client, group):
    _trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    _incident_live(client, members, session_id)
    for _ in range(2):
        for who in members:
            client.get(f"/intervisie/g/{group_id}?lt={who.token}")
    with app.extensions["db"].session() as session:
        scores = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ags_score")).all()
    assert len(scores) == 4
    assert {s.payload["score"]["scoreGiven"] for s in scores} == {1.0}


def test_text_is_escaped(app, client, group):
    _trainer, members, group_id, _code = group
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", "<script>alert(1)</script> situatie")
    page = client.get(f"/intervisie/s/{session_id}?lt={members[1].token}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_double_submit_and_two_members_at_once_record_once(app, group):
    _trainer, members, group_id, _code = group
    client = app.test_client()
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", CASE)
    key = secrets.token_urlsafe(18)
    barrier = threading.Barrier(4)
    results: list[int] = []

    def post(who, index: int | None) -> None:
        local = app.test_client()
        barrier.wait()
        if index is None:
            results.append(write(local, who, session_id, "vragen", "Sinds wanneer?", key=key).status_code)
        else:
            results.append(close(local, who, session_id, index).status_code)

    threads = [threading.Thread(target=post, args=(members[1], None)),
               threading.Thread(target=post, args=(members[1], None)),
               threading.Thread(target=post, args=(members[2], 1)),
               threading.Thread(target=post, args=(members[3], 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status in (303, 409) for status in results), results
    assert _count(app, IntervisieEntry, session_id=session_id, step_id="vragen") <= 1
    assert _session_row(app, session_id) == ("open", 2)  # two closes of step 1: one step on


def test_forms_need_the_launch_token(app, client, group):
    _trainer, members, group_id, _code = group
    response = client.post(f"/intervisie/g/{group_id}/sessies", data={"method": "incidentmethode"})
    assert response.status_code == 401


def test_two_people_joining_a_group_of_seven_at_once_make_eight(app, group):
    _trainer, _members, group_id, code = group
    client = app.test_client()
    for _ in range(3):
        client.post("/intervisie/aansluiten", data={"lt": person(app).token, "code": code})
    assert _count(app, IntervisieMember, group_id=group_id) == 7
    joiners = [person(app), person(app), person(app)]
    barrier = threading.Barrier(len(joiners))
    locations: list[str] = []

    def join(who) -> None:
        local = app.test_client()
        barrier.wait()
        response = local.post("/intervisie/aansluiten", data={"lt": who.token, "code": code})
        locations.append(response.headers.get("Location", str(response.status_code)))

    threads = [threading.Thread(target=join, args=(who,)) for who in joiners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count(app, IntervisieMember, group_id=group_id) == 8
    assert sum("melding=vol" in location for location in locations) == 2, locations
