"""The trainer's group profile: at least five learners, same organisation and context only,
a CSV without personal data, and individual answers only where a learner shares them."""

from __future__ import annotations

import csv
import io

import pytest
from zelfscan_support import (
    FRAMEWORK,
    INSTRUCTOR,
    add_finished_scan,
    get,
    make_launch,
    other_org_launch,
)

from lti_tool.models.zelfscan import COMPLETED, ZelfscanConsent, ZelfscanScan

BASE = f"/zelfscan/{FRAMEWORK}"
AREAS = ("relatie-en-vertrouwen", "instructie-en-uitleg")


def scores(first: float, second: float | None = 3.0) -> dict:
    return {AREAS[0]: first, AREAS[1]: second}


@pytest.fixture
def teacher(app):
    return make_launch(app, roles=(INSTRUCTOR,)).token


def group_learners(app, values, **kwargs):
    launches = []
    for value in values:
        info = make_launch(app)
        add_finished_scan(app, info, scores(value), **kwargs)
        launches.append(info)
    return launches


def test_only_instructors(app, client):
    learner = make_launch(app).token
    get(client, f"{BASE}/groep", learner, status=403)
    get(client, f"{BASE}/groep.csv", learner, status=403)


def test_four_learners_show_nothing_five_show_the_profile(app, client, teacher):
    first = group_learners(app, [1.0, 2.0, 3.0, 4.0])
    add_finished_scan(app, first[0], scores(2.0), days_ago=0)  # a re-scan counts once
    html = get(client, f"{BASE}/groep", teacher)
    assert "Deelnemers met een afgeronde scan: 4" in html and "herhaalden: 1" in html
    assert "zodra minstens 5 deelnemers" in html and "zs-group-table" not in html and "<svg" not in html
    text = get(client, f"{BASE}/groep.csv", teacher)
    assert "2.25" not in text and ",Relatie en vertrouwen,,,,,\r\n" in text

    group_learners(app, [5.0])
    html = get(client, f"{BASE}/groep", teacher)
    assert "Deelnemers met een afgeronde scan: 5" in html and 'id="zs-group-table"' in html
    # Latest per learner: 2, 2, 3, 4, 5 -> mean 3.2, sd 1.17, 2 - 5.
    row = html[html.index(">Relatie en vertrouwen</th>"):]
    row = row[:row.index("</tr>")]
    assert "<td>5</td><td>3,2</td><td>1,17</td><td>2 – 5</td>" in row
    assert 'role="img"' in html and "Gemiddelde score van de groep" in html


def test_an_area_few_people_scored_stays_empty(app, client, teacher):
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        add_finished_scan(app, make_launch(app), scores(value, None if value < 3 else 4.0))
    html = get(client, f"{BASE}/groep", teacher)
    row = html[html.index(">Uitleg en instructie</th>"):]
    assert row[:row.index("</tr>")].count("te weinig scores") == 1


def test_csv_export(app, client, teacher):
    group_learners(app, [1.0, 2.0, 3.0, 4.0, 5.0])
    response = client.get(f"{BASE}/groep.csv", query_string={"lt": teacher})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["deelnemers_met_scan", "5"] and rows[4][0] == "onderdeel_id"
    assert rows[5] == [AREAS[0], "Relatie en vertrouwen", "5", "3.00", "1.41", "1.00", "5.00"]
    assert "Sam de Vries" not in text  # no names, no answers


def test_other_organisations_never_count(app, client, teacher):
    # Five learners of another organisation, in their own course context.
    outsiders = [other_org_launch(app) for _ in range(5)]
    for info in outsiders:
        add_finished_scan(app, info, scores(1.0))
    html = get(client, f"{BASE}/groep", teacher)
    assert "Deelnemers met een afgeronde scan: 0" in html
    # Even rows pointing at our context but belonging to the other organisation are skipped.
    ours = make_launch(app)
    with app.extensions["db"].session() as session:
        for info in outsiders:
            session.add(ZelfscanScan(learner_id=info.learner_id,
                                     organisation_id=_org_of(session, info.learner_id),
                                     context_id=ours.context_id, framework_id=FRAMEWORK,
                                     status=COMPLETED, position=0, area_scores=scores(1.0)))
    assert "Deelnemers met een afgeronde scan: 0" in get(client, f"{BASE}/groep", teacher)
    # The other organisation's trainer sees their own five, and not our learners.
    group_learners(app, [5.0] * 5)
    their_teacher = other_org_launch(app, roles=(INSTRUCTOR,)).token
    html = get(client, f"{BASE}/groep", their_teacher)
    assert "Deelnemers met een afgeronde scan: 5" in html and "<td>5</td><td>1</td>" in html


def _org_of(session, learner_id: int) -> int:
    from lti_tool.models import Learner

    return session.get(Learner, learner_id).organisation_id


def test_sharing_stays_inside_the_organisation(app, client, teacher):
    outsider = other_org_launch(app, name="Buitenstaander")
    add_finished_scan(app, outsider, scores(2.0), answers={"relatie-leren-kennen": 2})
    with app.extensions["db"].session() as session:
        session.add(ZelfscanConsent(learner_id=outsider.learner_id, context_id=outsider.context_id,
                                    framework_id=FRAMEWORK, shared=True))
    assert "Buitenstaander" not in get(client, f"{BASE}/groep", teacher)
    get(client, f"{BASE}/groep/deelnemer/{outsider.learner_id}", teacher, status=404)
    their_teacher = other_org_launch(app, roles=(INSTRUCTOR,)).token
    shared = get(client, f"{BASE}/groep/deelnemer/{outsider.learner_id}", their_teacher)
    assert "Buitenstaander" in shared and "Soms, met moeite" in shared
