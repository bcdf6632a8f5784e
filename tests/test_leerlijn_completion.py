"""The leerlijn as a whole: where the learner stands, completion once (also under
concurrency) with the overall grade queued for the leerlijn column, the trainer's overview,
and the xAPI statements in the real Ralph LRS (without any text people wrote)."""

from __future__ import annotations

import json
import re
import threading

from leerlijn_support import learner, meet_all_but_feedback, open_checkin, plan_session, trainer
from sqlalchemy import func, select
from test_learning_support import make_launch

from lti_tool.leerlijn.completion import on_leerlijn_completed
from lti_tool.models import IssuedBadge, LaunchSession, Organisation, OutboxMessage
from lti_tool.models.leerlijn import LeerlijnCompletion
from lti_tool.web import launch_from_row

pytest_plugins = ["conftest_ralph"]

ASSIGNMENTS = ("feedbackgesprek", "werkafspraken-maken")
SECRET_TEXT = "Heel persoonlijk antwoord"


def attend_two_sessions(app, client, token: str, coach_token: str) -> None:
    for title in ("Eerste bijeenkomst", "Tweede bijeenkomst"):
        session_id = plan_session(client, coach_token, title=title)
        code = open_checkin(client, coach_token, session_id)
        assert client.post(f"/leerlijn/bijeenkomsten/{session_id}/inchecken",
                           data={"lt": token, "code": code}).status_code == 303


def feedback_on(app, client, token: str, assignment_id: str) -> None:
    url = f"/leerlijn/opdracht/{assignment_id}"
    client.post(url, data={"lt": token, "action": "submit", "what_i_did": "Gedaan",
                           "reflection": "Geleerd"})
    page = client.post(f"{url}/link", data={"lt": token}).get_data(as_text=True)
    path = "/" + re.search(r'id="invite-link" value="([^"]+)"', page).group(1).split("/", 3)[3]
    guest = app.test_client()
    form_token = re.search(r'name="ft" value="([^"]+)"', guest.get(path).get_data(as_text=True)).group(1)
    assert guest.post(path, data={"ft": form_token, "role": "teamleider", "q-goed": SECRET_TEXT,
                                  "q-volgende": SECRET_TEXT}).status_code == 303
    client.get(f"{url}?lt={token}")  # the werkbegeleider reads the feedback


def walk_the_leerlijn(app, client):
    coach, me = trainer(app), learner(app)
    meet_all_but_feedback(app, me)
    attend_two_sessions(app, client, me.token, coach.token)
    feedback_on(app, client, me.token, ASSIGNMENTS[0])
    assert completions(app) == 0
    home = client.get(f"/learn/course?lt={me.token}").get_data(as_text=True)
    assert "3 van de 4 onderdelen" in home
    feedback_on(app, client, me.token, ASSIGNMENTS[1])
    return coach, me


def completions(app) -> int:
    with app.extensions["db"].session() as session:
        return session.scalar(select(func.count()).select_from(LeerlijnCompletion))


def badges(app) -> list[str]:
    with app.extensions["db"].session() as session:
        return list(session.scalars(select(IssuedBadge.achievement)))


def scores(app) -> list[dict]:
    with app.extensions["db"].session() as session:
        return [m.payload for m in session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "ags_score"))]


def test_the_whole_leerlijn_completes_once_with_one_grade(app, client):
    coach, me = walk_the_leerlijn(app, client)
    assert completions(app) == 1
    [score] = scores(app)
    assert score["score"]["scoreGiven"] == 100.0 and score["score"]["activityProgress"] == "Completed"
    home = client.get(f"/learn/course?lt={me.token}").get_data(as_text=True)
    assert "je hebt de leerlijn afgerond" in home and "Bekijk je badge" in home
    client.get(f"/leerlijn/?lt={me.token}")
    assert completions(app) == 1 and len(scores(app)) == 1
    assert badges(app) == ["leerlijn-werkbegeleider"]  # the credential itself: tests/test_badges.py
    badge_page = client.get(f"/badges/mijn/{me.context_id}?lt={me.token}")
    assert badge_page.status_code == 200 and "credential.json" in badge_page.get_data(as_text=True)
    overview = client.get(f"/dashboard/?lt={coach.token}").get_data(as_text=True)
    assert 'data-completed="yes"' in overview and SECRET_TEXT not in overview


def test_completion_happens_once_under_concurrency(app):
    info = make_launch(app, content_item_id="leerlijn")
    database = app.extensions["db"]
    barrier = threading.Barrier(6)
    results: list[bool] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.test_request_context(), database.session() as session:
                launch = launch_from_row(session.get(LaunchSession, info.session_id))
                barrier.wait(timeout=30)
                results.append(on_leerlijn_completed(session, launch, "Leerlijn"))
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(results) == [False] * 5 + [True]
    assert completions(app) == 1 and len(scores(app)) == 1 and len(badges(app)) == 1


def test_staff_never_complete(app, client):
    coach = trainer(app)
    meet_all_but_feedback(app, coach)
    client.get(f"/leerlijn/?lt={coach.token}")
    assert completions(app) == 0


def test_statements_arrive_in_ralph_without_any_text(app, client, ralph, set_lrs, make_worker, drain):
    with app.extensions["db"].session() as session:
        organisation = session.scalar(select(Organisation).where(Organisation.slug == "test-org"))
        if organisation is None:
            make_launch(app)
            organisation = session.scalar(select(Organisation).where(Organisation.slug == "test-org"))
        organisation_id = organisation.id
    set_lrs(organisation_id, ralph.endpoint, ralph.username, ralph.password)
    walk_the_leerlijn(app, client)
    drain(make_worker())
    stored = ralph.statements()
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in stored}
    assert {"attended", "submit", "received", "completed"} <= verbs
    ours = [s for s in stored if "/_leerlijn" in s["object"]["id"]]
    assert len([s for s in ours if s["verb"]["id"].endswith("attended")]) == 2
    assert len([s for s in ours if s["verb"]["id"].endswith("received")]) == 2
    assert len([s for s in ours if s["verb"]["id"].endswith("submit")]) == 2
    assert SECRET_TEXT not in json.dumps(stored) and "Geleerd" not in json.dumps(stored)


def test_the_leerlijn_is_placeable_with_a_column_for_learners(app):
    from lti_tool.content import get_course
    from lti_tool.content_items import catalogue, entry_endpoint

    with app.test_request_context():
        course = get_course(app.extensions["settings"])
        [item] = [i for i in catalogue(course, staff=False) if i.id == "leerlijn"]
    assert item.score_maximum == 100.0 and not item.staff_only
    assert entry_endpoint("leerlijn") == "leerlijn.home"


def test_broken_leerlijn_content_is_refused_by_name(tmp_path):
    import shutil

    import pytest

    from lti_tool.leerlijn.content import LeerlijnContentError, load_leerlijn
    from lti_tool.settings import PROJECT_ROOT

    package = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
    shutil.copy(package / "leerlijn.yaml", tmp_path / "leerlijn.yaml")
    shutil.copytree(package / "leerlijn", tmp_path / "leerlijn")
    ids = {path.stem for path in (package / "modules").glob("*.yaml")}
    loaded = load_leerlijn(tmp_path, ids)
    assert loaded is not None and len(loaded.assignments) == 3 and len(loaded.plans) == len(ids) == 13
    with pytest.raises(LeerlijnContentError, match="nieuwe-collega-inwerken"):
        load_leerlijn(tmp_path, ids - {"nieuwe-collega-inwerken"})
    (tmp_path / "leerlijn.yaml").write_text("title: x\ncompletion: {sessions_attended: -1}\n")
    with pytest.raises(LeerlijnContentError):
        load_leerlijn(tmp_path, ids)
    (tmp_path / "leerlijn.yaml").write_text("title: x\ncompletion: {}\nassignments: [../../etc/passwd]\n")
    with pytest.raises(LeerlijnContentError, match="outside"):
        load_leerlijn(tmp_path, ids)
