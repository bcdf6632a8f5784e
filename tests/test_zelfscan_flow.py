"""Taking the zelfscan through the pages: placement, save and resume, finishing with a
grade through the outbox, re-scan and growth, the learning path and the share toggle."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select
from zelfscan_support import FRAMEWORK, INSTRUCTOR, ITEM, PACKAGE, get, location_path, make_launch

from lti_tool.content import get_course
from lti_tool.content.zelfscan_loader import frameworks_for
from lti_tool.models import OutboxMessage, utcnow
from lti_tool.models.zelfscan import COMPLETED, ZelfscanPath, ZelfscanScan
from lti_tool.web import launch_from_row
from lti_tool.zelfscan import store

BASE = f"/zelfscan/{FRAMEWORK}"


@pytest.fixture
def fw(app):
    return frameworks_for(get_course(app.extensions["settings"]))[FRAMEWORK]


@pytest.fixture
def learner(app):
    return make_launch(app, content_item_id=ITEM)


def begin(client, token: str) -> str:
    response = client.post(f"{BASE}/begin", data={"lt": token})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.location


def scan_id_of(url: str) -> int:
    return int(re.search(r"/scan/(\d+)/", url).group(1))


def answer_area(client, token, scan_id, area, value, direction="volgende"):
    data = {"lt": token, "richting": direction, **{f"s-{s.id}": value for s in area.statements}}
    return client.post(f"{BASE}/scan/{scan_id}/onderdeel/{area.id}", data=data)


def finish_scan(client, token, fw, values) -> int:
    scan_id = scan_id_of(begin(client, token))
    for area, value in zip(fw.areas, values, strict=True):
        answer_area(client, token, scan_id, area, value)
    response = client.post(f"{BASE}/scan/{scan_id}/afronden", data={"lt": token})
    assert response.status_code == 303 and location_path(response) == f"{BASE}/resultaat"
    return scan_id


def rows(app, model, **filters):
    with app.extensions["db"].session() as session:
        query = select(model)
        for key, value in filters.items():
            query = query.where(getattr(model, key) == value)
        return list(session.scalars(query))


def test_a_zelfscan_placement_opens_the_scan(client, learner):
    response = client.get("/learn", query_string={"lt": learner.token})
    assert location_path(response) == "/zelfscan/"
    response = client.get("/zelfscan/", query_string={"lt": learner.token})
    assert location_path(response) == BASE
    html = get(client, BASE, learner.token)
    assert "Begin met de zelfscan" in html and "Ongeveer 10 minuten" in html
    assert f'<input type="hidden" name="lt" value="{learner.token}">' in html


def test_scan_pages_need_a_launch_and_an_existing_framework(client, learner):
    assert client.get(BASE).status_code == 401
    assert client.post(f"{BASE}/begin").status_code == 401
    get(client, "/zelfscan/bestaat-niet", learner.token, status=404)


def test_save_as_you_go_skip_and_resume(app, client, learner, fw):
    first = begin(client, learner.token)
    scan_id = scan_id_of(first)
    html = get(client, location_path(first), learner.token)
    assert html.count("<fieldset") == len(fw.areas[0].statements) and "<legend>" in html
    assert html.count('type="radio"') == 6 * len(fw.areas[0].statements)
    # Area 1 with a mix, one statement skipped; "weet ik niet" is an answer of its own.
    area = fw.areas[0]
    data = {"lt": learner.token, "richting": "volgende", f"s-{area.statements[0].id}": "4",
            f"s-{area.statements[1].id}": "weet-niet", f"s-{area.statements[2].id}": "99"}
    response = client.post(f"{BASE}/scan/{scan_id}/onderdeel/{area.id}", data=data)
    assert location_path(response).endswith(f"/onderdeel/{fw.areas[1].id}")
    # The script saves one answer at a time, in area 2.
    statement = fw.areas[1].statements[0]
    saved = client.post(f"{BASE}/scan/{scan_id}/antwoord",
                        data={"lt": learner.token, "statement": statement.id, "value": "2"})
    assert saved.status_code == 204
    assert client.post(f"{BASE}/scan/{scan_id}/antwoord", data={
        "lt": learner.token, "statement": "onbekend", "value": "2"}).status_code == 400
    get(client, location_path(response), learner.token)  # seen area 2: resume there
    with app.extensions["db"].session() as session:
        values = session.get(ZelfscanScan, scan_id).answer_values
    assert values == {area.statements[0].id: 4, area.statements[1].id: None, statement.id: 2}
    # Later: the start page offers to go on, and brings the learner back to area 2.
    html = get(client, BASE, learner.token)
    assert "Ga verder met je zelfscan" in html and "3 van de" in html
    again = begin(client, learner.token)
    assert scan_id_of(again) == scan_id and again.split("?")[0].endswith(fw.areas[1].id)
    html = get(client, location_path(again), learner.token)
    assert f'id="s-{statement.id}-2" name="s-{statement.id}" value="2" checked' in html
    # Back to area 1: the answers are still there.
    html = get(client, f"{BASE}/scan/{scan_id}/onderdeel/{area.id}", learner.token)
    assert 'value="weet-niet" checked' in html and f'id="s-{area.statements[0].id}-4"' in html


def test_review_then_finish_sends_completed_to_the_gradebook(app, client, learner, fw):
    scan_id = scan_id_of(begin(client, learner.token))
    response = answer_area(client, learner.token, scan_id, fw.areas[0], "3", direction="overzicht")
    assert location_path(response) == f"{BASE}/scan/{scan_id}/overzicht"
    html = get(client, location_path(response), learner.token)
    assert "Bijna klaar" in html and "4 van 4" in html and "0 van 4" in html
    assert rows(app, OutboxMessage) == []
    client.post(f"{BASE}/scan/{scan_id}/afronden", data={"lt": learner.token})
    client.post(f"{BASE}/scan/{scan_id}/afronden", data={"lt": learner.token})  # double click
    [message] = rows(app, OutboxMessage)
    assert message.kind == "ags_score"
    score = message.payload["score"]
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert (score["scoreGiven"], score["scoreMaximum"]) == (1.0, 1.0)
    [scan] = rows(app, ZelfscanScan, id=scan_id)
    assert scan.status == COMPLETED and scan.area_scores[fw.areas[0].id] == 3.0
    assert scan.area_scores[fw.areas[1].id] is None
    # Finished answers are fixed.
    assert answer_area(client, learner.token, scan_id, fw.areas[0], "5").status_code == 409


def test_score_and_scan_commit_together(app, learner, fw):
    """The score is in the finishing transaction: a rollback leaves neither."""
    database = app.extensions["db"]
    with app.test_request_context():
        session = database.session_factory()
        from lti_tool.models import LaunchSession

        launch = launch_from_row(session.get(LaunchSession, learner.session_id))
        scan = store.start_scan(session, launch, fw)
        store.save_answers(session, scan, fw, {fw.statements[0].id: "2"})
        finished = store.finish(session, launch, fw, scan, [m.id for m in get_course(app.extensions[
            "settings"]).modules])
        assert len(finished.messages) == 1 and finished.messages[0] in session
        session.rollback()
        session.close()
    assert rows(app, OutboxMessage) == [] and rows(app, ZelfscanScan) == []


def test_no_grade_outside_the_zelfscan_placement(app, client, fw):
    token = make_launch(app, content_item_id=None).token
    finish_scan(client, token, fw, ["3"] * len(fw.areas))
    assert rows(app, OutboxMessage) == []
    assert rows(app, ZelfscanScan)[0].status == COMPLETED


def test_result_profile_strengths_first_and_accessible_table(client, learner, fw):
    values = ["5", "4", "1", "2", "weet-niet", "3", "5", "2"]
    finish_scan(client, learner.token, fw, values)
    html = get(client, f"{BASE}/resultaat", learner.token)
    assert html.index("Dit gaat al goed") < html.index("Hier kun je groeien")
    strong = html[html.index("Dit gaat al goed"):html.index("Hier kun je groeien")]
    assert fw.areas[0].title in strong and fw.areas[6].title in strong and fw.areas[1].title in strong
    assert fw.areas[2].title not in strong
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert 'aria-labelledby="zs-chart-title zs-chart-desc"' in svg and "style=" not in html
    table = html[html.index('id="zs-scores"'):]
    table = table[:table.index("</table>")]
    for area, value in zip(fw.areas, values, strict=True):
        expected = "geen score" if value == "weet-niet" else value
        assert re.search(rf'<th scope="row">{re.escape(area.title)}</th>\s*<td>{expected}</td>', table)
        if value != "weet-niet":
            assert f">{value}</text>" in svg  # the chart shows the same number
    assert "<script>" not in html and "onclick" not in html


def test_rescan_waits_for_the_minimum_interval_then_shows_growth(app, client, learner, fw):
    first = finish_scan(client, learner.token, fw, ["2"] * len(fw.areas))
    html = get(client, BASE, learner.token)
    assert "opnieuw doen vanaf" in html and "Doe de zelfscan opnieuw" not in html
    assert location_path(client.post(f"{BASE}/begin", data={"lt": learner.token})) == BASE
    assert len(rows(app, ZelfscanScan)) == 1
    with app.extensions["db"].session() as session:
        session.get(ZelfscanScan, first).completed_at = utcnow() - timedelta(days=fw.zelfscan_min_days + 1)
    assert "Doe de zelfscan opnieuw" in get(client, f"{BASE}/resultaat", learner.token)
    second = finish_scan(client, learner.token, fw, ["4"] * (len(fw.areas) - 1) + ["weet-niet"])
    assert second != first
    html = get(client, f"{BASE}/resultaat", learner.token)
    assert "Vorige scan" in html and "Verschil" in html and html.count("+2</td>") == len(fw.areas) - 1
    assert 'class="zs-bar zs-bar-before"' in html and 'class="zs-bar zs-bar-after"' in html
    history = html[html.index("Je eerdere scans"):]
    assert history.count('<th scope="row">') == 2 and f"scan={first}" in history
    old = get(client, f"{BASE}/resultaat?scan={first}", learner.token)
    assert "Vorige scan" not in old
    # Someone else's scan id shows the learner's own latest result, never the other's.
    other = make_launch(app, content_item_id=ITEM)
    get(client, f"{BASE}/scan/{first}/onderdeel/{fw.areas[0].id}", other.token, status=404)


def test_learning_path_add_drop_reorder_is_remembered(app, client, learner, fw):
    finish_scan(client, learner.token, fw, ["5", "5", "5", "1", "5", "5", "5", "5"])
    [row] = rows(app, ZelfscanPath)
    advice = list(row.module_ids)
    assert advice[0] == "feedback-geven-en-ontvangen" and "escape-room" not in advice
    html = get(client, f"{BASE}/leerpad", learner.token)
    assert "Hoger" in html and "Toevoegen" in html and "Helpt bij:" in html

    def act(action, module):
        response = client.post(f"{BASE}/leerpad",
                               data={"lt": learner.token, "actie": action, "module": module})
        assert response.status_code == 303
        return rows(app, ZelfscanPath)[0]

    assert act("down", advice[0]).module_ids[:2] == [advice[1], advice[0]]
    assert act("drop", advice[0]).dropped == [advice[0]]
    assert act("add", "escape-room").module_ids[-1] == "escape-room"
    assert act("add", "bestaat-niet").module_ids[-1] == "escape-room"
    course = get(client, "/learn/course", learner.token)
    section = course[course.index("zs-course-path"):course.index('<ol class="module-list">')]
    titles = re.findall(r'<li><a href="/learn/m/([a-z-]+)\?', section)
    assert titles == [advice[1], *advice[2:], "escape-room"]
    reset = act("advies", "")
    assert reset.module_ids == advice and reset.dropped == []


def test_sequential_course_highlights_instead_of_reordering(app, client, settings, tmp_path):
    root = tmp_path / "content" / "werkbegeleiding"
    shutil.copytree(PACKAGE, root)
    manifest = root / "course.yaml"
    manifest.write_text(manifest.read_text().replace("navigation: free", "navigation: sequential"))
    app.extensions["settings"] = settings.with_overrides(content_dir=tmp_path / "content")
    token = make_launch(app).token
    scan_id = scan_id_of(client.post("/zelfscan/basis/begin", data={"lt": token}).location)
    client.post(f"/zelfscan/basis/scan/{scan_id}/onderdeel/luisteren",
                data={"lt": token, "s-l-een": "4", "s-l-twee": "4", "s-l-drie": "3"})
    client.post(f"/zelfscan/basis/scan/{scan_id}/onderdeel/uitleggen",
                data={"lt": token, "s-u-een": "1", "s-u-twee": "1", "s-u-drie": "1"})
    client.post(f"/zelfscan/basis/scan/{scan_id}/afronden", data={"lt": token})
    assert rows(app, ZelfscanPath)[0].module_ids == ["twee", "drie", "een"]
    html = get(client, "/zelfscan/basis/leerpad", token)
    assert "vaste volgorde" in html and "Hoger" not in html and "Lager" not in html
    assert re.findall(r'id="pad-([a-z]+)"', html) == ["een", "twee", "drie"]


def test_share_toggle_controls_what_trainers_see(app, client, learner, fw):
    finish_scan(client, learner.token, fw, ["3"] * len(fw.areas))
    teacher = make_launch(app, roles=(INSTRUCTOR,)).token
    page = f"{BASE}/groep/deelnemer/{learner.learner_id}"
    html = get(client, f"{BASE}/resultaat", learner.token)
    assert "Je antwoorden zijn alleen van jou" in html and "Deel mijn antwoorden" in html
    get(client, page, teacher, status=404)
    assert "Sam de Vries" not in get(client, f"{BASE}/groep", teacher)
    client.post(f"{BASE}/delen", data={"lt": learner.token, "delen": "ja"})
    assert "Stop met delen" in get(client, f"{BASE}/resultaat", learner.token)
    assert "Sam de Vries" in get(client, f"{BASE}/groep", teacher)
    shared = get(client, page, teacher)
    assert fw.statements[0].text in shared and "Regelmatig" in shared
    client.post(f"{BASE}/delen", data={"lt": learner.token, "delen": "nee"})
    get(client, page, teacher, status=404)
    # A learner cannot open the trainer pages.
    get(client, page, learner.token, status=403)


def test_course_home_invites_to_scan_then_shows_the_path(client, learner, fw):
    html = get(client, "/learn/course", learner.token)
    assert "Waar begin je?" in html and f"/zelfscan/{FRAMEWORK}?" in html
    assert "/zelfscan/leidinggevende?" in html
    assert "Op je leerpad" not in html
    finish_scan(client, learner.token, fw, ["2"] * len(fw.areas))
    html = get(client, "/learn/course", learner.token)
    assert "Jouw leerpad" in html and "Leerpad aanpassen" in html
    assert "Op je leerpad" in html  # the path's modules are marked in the module list too


def test_english_ui_keeps_the_dutch_content_marked(app, client, learner, fw):
    from lti_tool.models import LaunchSession

    with app.extensions["db"].session() as session:
        session.get(LaunchSession, learner.session_id).locale = "en-GB"
    html = get(client, BASE, learner.token)
    assert '<html lang="en">' in html and "Start the self-scan" in html
    assert f'<h1 lang="nl">{fw.title}</h1>' in html
    area = get(client, location_path(begin(client, learner.token)), learner.token)
    assert "Question 1 of 4" in area and '<span class="zs-statement" lang="nl">' in area


def test_a_trainers_own_scan_stays_out_of_the_group_profile(app, client, fw):
    for _ in range(4):
        finish_scan(client, make_launch(app, content_item_id=ITEM).token, fw, ["3"] * len(fw.areas))
    trainer = make_launch(app, content_item_id=ITEM, roles=(INSTRUCTOR,)).token
    finish_scan(client, trainer, fw, ["5"] * len(fw.areas))  # trying the scan out
    assert [scan.by_staff for scan in rows(app, ZelfscanScan)].count(True) == 1
    group = client.get(f"{BASE}/groep", query_string={"lt": trainer}).get_data(as_text=True)
    assert "Deelnemers met een afgeronde scan: 4" in group and "zodra minstens 5 deelnemers" in group
