"""Bijeenkomsten: planning with its checks, the calendar file, check-in by code (once, also
for a class at once), attendance by the trainer, rate limits, roles and tenant isolation."""

from __future__ import annotations

import re

import requests
from icalendar import Calendar
from leerlijn_support import learner, open_checkin, plan_form, plan_session, session_ids, trainer
from sqlalchemy import func, select
from test_concurrency_state import at_once
from zelfscan_support import other_org_launch

from lti_tool.models.leerlijn import LeerlijnAttendance


def attendance_count(app, session_id: int | None = None) -> int:
    with app.extensions["db"].session() as session:
        query = select(func.count()).select_from(LeerlijnAttendance)
        if session_id is not None:
            query = query.where(LeerlijnAttendance.session_id == session_id)
        return session.scalar(query)


def test_trainer_plans_and_learner_sees_it_on_the_course_home(app, client):
    coach = trainer(app)
    form_page = client.get(f"/leerlijn/bijeenkomsten/nieuw?lt={coach.token}")
    assert form_page.status_code == 200
    session_id = plan_session(client, coach.token, title="Terugkomdag <b>1</b>")
    me = learner(app)
    home = client.get(f"/learn/course?lt={me.token}").get_data(as_text=True)
    assert "Jouw leerlijn" in home and "Terugkomdag &lt;b&gt;1&lt;/b&gt;" in home
    page = client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={me.token}").get_data(as_text=True)
    assert "Zaal 2, Hoofdgebouw" in page and "Een voorbeeld uit je werk" in page
    assert "Feedback geven en ontvangen" in page or "feedback-geven-en-ontvangen" in page


def test_the_calendar_file_is_valid_icalendar(app, client):
    coach = trainer(app)
    session_id = plan_session(client, coach.token, online_url="https://meet.example.org/abc")
    answer = client.get(f"/leerlijn/bijeenkomsten/{session_id}/agenda.ics?lt={learner(app).token}")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    calendar = Calendar.from_ical(answer.data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Terugkomdag feedback"
    assert event["DTSTART"].dt.utcoffset().total_seconds() == 0
    assert (event["DTEND"].dt - event["DTSTART"].dt).total_seconds() == 150 * 60
    assert "meet.example.org" in str(event["LOCATION"]) and str(event["URL"]).startswith("https://")
    assert "Neem mee" in str(event["DESCRIPTION"])


def test_planning_refuses_what_is_wrong_without_a_500(app, client):
    coach = trainer(app)
    for overrides, text in [
        ({"online_url": "javascript:alert(1)", "place": ""}, "https://"),
        ({"online_url": "http://meet.example.org/x"}, "https://"),
        ({"online_url": "https://user:pw@meet.example.org/x"}, "https://"),
        ({"end": "12:00"}, "na de begintijd"),
        ({"day": "2026-02-30"}, "datum"),
        ({"day": "\x00", "start": "x"}, ""),
        ({"place": "", "online_url": ""}, "plaats"),
        ({"title": ""}, "naam"),
    ]:
        answer = client.post("/leerlijn/bijeenkomsten/nieuw", data=plan_form(coach.token, **overrides))
        assert answer.status_code == 400, overrides
        assert text in answer.get_data(as_text=True)
    assert session_ids(app) == []


def test_learners_cannot_plan_and_other_organisations_cannot_see(app, client):
    me = learner(app)
    assert client.post("/leerlijn/bijeenkomsten/nieuw", data=plan_form(me.token)).status_code == 403
    session_id = plan_session(client, trainer(app).token)
    stranger = other_org_launch(app, context_id="course-1")
    assert client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={stranger.token}").status_code == 404
    ics = f"/leerlijn/bijeenkomsten/{session_id}/agenda.ics?lt={stranger.token}"
    assert client.get(ics).status_code == 404


def test_check_in_by_code_once_and_only_while_open(app, client):
    coach = trainer(app)
    session_id = plan_session(client, coach.token)
    me = learner(app)
    url = f"/leerlijn/bijeenkomsten/{session_id}/inchecken"
    assert client.post(url, data={"lt": me.token, "code": "123456"}).status_code == 409
    code = open_checkin(client, coach.token, session_id)
    assert client.post(url, data={"lt": me.token, "code": "000000" if code != "000000" else "111111"}
                       ).status_code == 400
    assert client.post(url, data={"lt": me.token, "code": code}).status_code == 303
    assert client.post(url, data={"lt": me.token, "code": code}).status_code == 303  # again: no error
    assert attendance_count(app, session_id) == 1
    page = client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={me.token}").get_data(as_text=True)
    assert "Je was bij deze bijeenkomst" in page


def test_a_new_code_replaces_the_old_one_and_the_qr_page_shows_it(app, client):
    coach = trainer(app)
    session_id = plan_session(client, coach.token)
    old = open_checkin(client, coach.token, session_id)
    page = client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={coach.token}").get_data(as_text=True)
    qr_link = re.search(r"/leerlijn/inchecken/[\w.\-]+", page)
    assert "<svg" in page and qr_link is None  # the link is inside the QR code, not on the page
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/incheckcode",
                data={"lt": coach.token, "action": "new"})
    new = open_checkin(client, coach.token, session_id)
    assert new != old or len(new) == 6
    me = learner(app)
    if new != old:
        assert client.post(f"/leerlijn/bijeenkomsten/{session_id}/inchecken",
                           data={"lt": me.token, "code": old}).status_code == 400


def test_guessing_codes_is_limited(app, client):
    coach = trainer(app)
    session_id = plan_session(client, coach.token)
    code = open_checkin(client, coach.token, session_id)
    me = learner(app)
    wrong = [c for c in ("111111", "222222", "333333", "444444", "555555", "666666") if c != code]
    statuses = [client.post(f"/leerlijn/bijeenkomsten/{session_id}/inchecken",
                            data={"lt": me.token, "code": c}).status_code for c in wrong[:6]]
    assert statuses[:5] == [400] * 5 and statuses[5:] == [429]
    blocked = client.post(f"/leerlijn/bijeenkomsten/{session_id}/inchecken",
                          data={"lt": me.token, "code": code})
    assert blocked.status_code == 429 and attendance_count(app) == 0


def test_trainer_records_attendance(app, client):
    coach = trainer(app)
    session_id = plan_session(client, coach.token)
    first, second = learner(app), learner(app)
    page = client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={coach.token}").get_data(as_text=True)
    assert page.count('name="present"') == 2
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/aanwezig",
                data={"lt": coach.token, "present": [str(first.learner_id), "999999"]})
    assert attendance_count(app, session_id) == 1
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/aanwezig",
                data={"lt": coach.token, "present": [str(second.learner_id)]})
    assert attendance_count(app, session_id) == 1


def test_a_double_submit_and_a_class_checking_in_at_once(app, client, live_server):
    coach = trainer(app)
    session_id = plan_session(client, coach.token)
    code = open_checkin(client, coach.token, session_id)
    url = f"{live_server}/leerlijn/bijeenkomsten/{session_id}/inchecken"
    me = learner(app)
    same = at_once(6, lambda http: http.post(url, data={"lt": me.token, "code": code},
                                             allow_redirects=False, timeout=60))
    assert sorted({r.status_code for r in same}) == [303]
    assert attendance_count(app, session_id) == 1
    tokens = [learner(app).token for _ in range(8)]
    queue = list(tokens)

    def one(http: requests.Session) -> requests.Response:
        return http.post(url, data={"lt": queue.pop(), "code": code}, allow_redirects=False, timeout=60)

    everyone = at_once(8, one)
    assert [r.status_code for r in everyone] == [303] * 8
    assert attendance_count(app, session_id) == 9


def test_trainer_changes_and_cancels_a_session(app, client):
    coach, me = trainer(app), learner(app)
    session_id = plan_session(client, coach.token)
    form = client.get(f"/leerlijn/bijeenkomsten/{session_id}/wijzigen?lt={coach.token}"
                      ).get_data(as_text=True)
    assert 'value="13:30"' in form and 'value="Terugkomdag feedback"' in form
    changed = client.post(f"/leerlijn/bijeenkomsten/{session_id}/wijzigen",
                          data=plan_form(coach.token, title="Verplaatst", start="09:00", end="11:00"))
    assert changed.status_code == 303
    assert "Verplaatst" in client.get(f"/learn/course?lt={me.token}").get_data(as_text=True)
    assert client.post(f"/leerlijn/bijeenkomsten/{session_id}/afzeggen",
                       data={"lt": me.token}).status_code == 403
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/afzeggen", data={"lt": coach.token})
    assert "Verplaatst" not in client.get(f"/learn/course?lt={me.token}").get_data(as_text=True)
    assert client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={me.token}").status_code == 404
