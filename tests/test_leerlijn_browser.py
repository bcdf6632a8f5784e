"""In real Chromium: the trainer plans a session and a learner checks in by code on a phone;
a praktijkopdracht handed in, the praktijkopleider answering from a fresh phone context and
the feedback shown; the whole leerlijn walked in the development LMS with the overall grade
arriving in its gradebook. axe-core on every new page type; keyboard only where it counts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import requests
from grades_support import Learner, column, deliver_all, grade, place
from itsdangerous import URLSafeTimedSerializer
from leerlijn_support import learner, trainer
from sqlalchemy import select

from lti_tool.models import LaunchSession, utcnow
from lti_tool.models.zelfscan import COMPLETED, ZelfscanScan
from tests.browser_support import PHONE, assert_accessible

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context


def _plan_by_keyboard(page, title: str) -> None:
    page.get_by_label("Naam van de bijeenkomst").fill(title)
    page.get_by_label("Datum").fill("2030-03-14")
    page.get_by_label("Begint om").fill("13:30")
    page.get_by_label("Eindigt om").fill("16:00")
    page.get_by_label("Plaats (adres en zaal)").fill("Zaal 2, Hoofdgebouw")
    page.get_by_label("Feedback geven en ontvangen").check()
    page.get_by_label("Wat nemen deelnemers mee?").fill("Een voorbeeld uit je werk")
    page.get_by_label("Wat nemen deelnemers mee?").focus()
    page.keyboard.press("Tab")  # to "Bewaren"
    page.keyboard.press("Enter")


def test_trainer_plans_a_session_and_a_learner_checks_in_by_code(page, browser, app, live_server):
    coach, me = trainer(app), learner(app)
    page.goto(f"{live_server}/leerlijn/?lt={coach.token}")
    assert_accessible(page, "on the trainer's leerlijn page")
    page.get_by_role("link", name="Bijeenkomst plannen").click()
    page.get_by_label("Naam van de bijeenkomst").wait_for()
    assert_accessible(page, "on the planning form")
    page.get_by_label("Link om online mee te doen (mag leeg)").fill("javascript:alert(1)")
    _plan_by_keyboard(page, "Terugkomdag <feedback>")
    page.get_by_text("Gebruik een volledige link").wait_for()
    assert_accessible(page, "on the planning form with errors")
    page.get_by_label("Link om online mee te doen (mag leeg)").fill("https://meet.example.org/terugkomdag")
    _plan_by_keyboard(page, "Terugkomdag <feedback>")
    page.get_by_role("heading", name="Terugkomdag <feedback>").wait_for()
    page.get_by_role("button", name="Inchecken openen").click()
    page.locator("svg.qr-code").wait_for()
    assert_accessible(page, "on the session page for the trainer, check-in open")
    code = page.locator(".checkin-code").inner_text().replace(" ", "")
    session_url = page.url.split("?")[0]

    phone = _phone(browser)
    try:
        mobile = phone.new_page()
        mobile.goto(f"{live_server}/learn/course?lt={me.token}")
        mobile.get_by_role("link", name="Terugkomdag <feedback>").click()
        mobile.get_by_label("Incheckcode (6 cijfers, van het scherm van de trainer)").wait_for()
        assert_accessible(mobile, "on the session page for a learner")
        field = mobile.get_by_label("Incheckcode (6 cijfers, van het scherm van de trainer)")
        field.fill("000000" if code != "000000" else "111111")
        mobile.keyboard.press("Enter")
        mobile.get_by_text("Deze code klopt niet").wait_for()
        mobile.get_by_label("Incheckcode (6 cijfers, van het scherm van de trainer)").fill(code)
        mobile.keyboard.press("Enter")
        mobile.get_by_text("Je bent ingecheckt").wait_for()
        assert_accessible(mobile, "after checking in")
        assert mobile.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        with mobile.expect_download() as download:
            mobile.get_by_role("link", name="Zet in je agenda (.ics)").click()
        assert download.value.suggested_filename.endswith(".ics")
    finally:
        phone.close()
    page.goto(f"{session_url}?lt={coach.token}")
    assert page.get_by_label("Sam de Vries").is_checked()

    # Where the QR code leads on a phone camera: the code, nothing personal.
    from lti_tool.leerlijn.session_views import _qr_token
    from lti_tool.models.leerlijn import LeerlijnSession

    with app.test_request_context(), app.extensions["db"].session() as session:
        qr_path = f"/leerlijn/inchecken/{_qr_token(session.scalars(select(LeerlijnSession)).one())}"
    camera = _phone(browser)
    try:
        scanned = camera.new_page()
        scanned.goto(live_server + qr_path)
        scanned.get_by_text(f"{code[:3]} {code[3:]}").wait_for()
        assert "Sam" not in scanned.content()
        assert_accessible(scanned, "on the page the QR code opens")
    finally:
        camera.close()


def test_the_praktijkopleider_answers_from_a_fresh_phone(page, browser, app, live_server):
    me = learner(app)
    page.goto(f"{live_server}/leerlijn/opdracht/feedbackgesprek?lt={me.token}")
    assert_accessible(page, "on a praktijkopdracht")
    page.get_by_label("Wat heb je gedaan?").fill("Een gesprek van tien minuten met Noor.")
    page.get_by_label("Korte reflectie: wat ging goed, wat wil je anders doen?").fill(
        "Ik vroeg te weinig door.")
    page.get_by_role("button", name="Inleveren").click()
    page.get_by_text("Ingeleverd.").wait_for()
    page.get_by_role("button", name="Maak een link voor feedback").click()
    page.locator("svg.qr-code").wait_for()
    assert_accessible(page, "on the feedback link page")
    link = page.locator("#invite-link").input_value()

    phone = _phone(browser)  # the praktijkopleider: no LMS, no cookies of the learner
    try:
        mobile = phone.new_page()
        mobile.goto(link)
        mobile.get_by_role("heading", name="Feedback voor Sam").wait_for()
        assert "Ik vroeg te weinig door" not in mobile.content()
        assert_accessible(mobile, "on the feedback form")
        assert mobile.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        mobile.get_by_label("teamleider").check()
        mobile.get_by_label("Wat ging er goed in de manier waarop de werkbegeleider feedback geeft?").fill(
            "Je bleef rustig en noemde wat je zag.")
        mobile.get_by_role("button", name="Feedback versturen").click()
        mobile.get_by_role("heading", name="Bedankt voor je feedback").wait_for()
        assert_accessible(mobile, "on the thank-you page")
    finally:
        phone.close()
    page.goto(f"{live_server}/leerlijn/opdracht/feedbackgesprek?lt={me.token}")
    page.get_by_text("Je bleef rustig en noemde wat je zag.").wait_for()
    page.get_by_text("Feedback van je teamleider").wait_for()
    assert_accessible(page, "on the praktijkopdracht with feedback")


def test_trainer_material_pages_are_accessible(page, app, live_server):
    coach = trainer(app)
    for path in ("/leerlijn/trainer", "/leerlijn/trainer/duidelijke-werkafspraken"):
        page.goto(f"{live_server}{path}?lt={coach.token}")
        page.locator("h1").wait_for()
        assert_accessible(page, f"on {path}")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator("button[data-print]").is_hidden()


def _launch_row(settings, token: str, app) -> LaunchSession:
    session_id = URLSafeTimedSerializer(settings.secret_key, salt="launch-token").loads(token)
    with app.extensions["db"].session() as session:
        row = session.get(LaunchSession, session_id)
        session.expunge(row)
        return row


def test_the_leerlijn_completes_and_the_grade_arrives_in_the_lms(page, app, settings, live_server):
    link = place(app, "Leerlijn werkbegeleiding", "leerlijn")
    sanne = Learner.launch(settings, "devlms-learner-1", link)
    coach = Learner.launch(settings, "devlms-instructor-1", link)
    base = settings.base_url
    for module_id in ("rol-van-de-werkbegeleider", "duidelijke-werkafspraken", "feedback-geven-en-ontvangen"):
        sanne.complete(module_id)
    row = _launch_row(settings, sanne.token, app)
    with app.extensions["db"].session() as session:  # the zelfscan, done twice
        for _ in range(2):
            session.add(ZelfscanScan(learner_id=row.learner_id, context_id=row.context_id,
                                     organisation_id=_organisation(app, row.learner_id),
                                     framework_id="werkbegeleider",
                                     status=COMPLETED, completed_at=utcnow()))
    for title in ("Eerste terugkomdag", "Tweede terugkomdag"):
        made = coach.http.post(base + "/leerlijn/bijeenkomsten/nieuw", allow_redirects=False, data={
            "lt": coach.token, "title": title, "day": "2030-03-14", "start": "09:00", "end": "12:00",
            "place": "Zaal 1"})
        session_id = re.search(r"/bijeenkomsten/(\d+)", made.headers["Location"]).group(1)
        coach.http.post(base + f"/leerlijn/bijeenkomsten/{session_id}/incheckcode",
                        data={"lt": coach.token, "action": "open"})
        code = re.search(r'class="checkin-code"[^>]*>(\d{3}) (\d{3})<',
                         coach.get(f"/leerlijn/bijeenkomsten/{session_id}").text)
        sanne.http.post(base + f"/leerlijn/bijeenkomsten/{session_id}/inchecken",
                        data={"lt": sanne.token, "code": code.group(1) + code.group(2)})
    for assignment in ("feedbackgesprek", "werkafspraken-maken"):
        url = base + f"/leerlijn/opdracht/{assignment}"
        sanne.http.post(url, data={"lt": sanne.token, "action": "submit", "what_i_did": "Gedaan",
                                   "reflection": "Geleerd"})
        made = sanne.http.post(url + "/link", data={"lt": sanne.token}).text
        invite = re.search(r'id="invite-link" value="([^"]+)"', made).group(1)
        guest = requests.Session()
        form_token = re.search(r'name="ft" value="([^"]+)"', guest.get(invite).text).group(1)
        guest.post(invite, data={"ft": form_token, "role": "praktijkopleider", "q-goed": "Prima"})
        sanne.get(f"/leerlijn/opdracht/{assignment}")  # she reads the feedback
    deliver_all(app)
    assert grade(app, "leerlijn") == 100.0

    page.goto(f"{base}/learn/course?lt={sanne.token}")
    page.get_by_text("je hebt de leerlijn afgerond").wait_for()
    page.goto(f"{base}/dashboard/?lt={coach.token}")
    page.locator("[data-leerlijn] [data-completed=yes]").wait_for()
    assert_accessible(page, "on the trainer's overview with the leerlijn")
    devlms = settings.devlms_base_url
    page.goto(devlms + "/")
    page.check("#user-devlms-instructor-1")
    page.get_by_role("button", name="Inloggen").click()
    with app.extensions["db"].session() as session:
        item = column(session, "leerlijn").id
    page.goto(f"{devlms}/gradebook/column/{item}")
    cell = page.locator("tr", has=page.locator("#grade-devlms-learner-1")).locator("td").first
    assert cell.inner_text().strip() == "100"
    assert_accessible(page, "on the development LMS's leerlijn column")


def _organisation(app, learner_id: int) -> int:
    from lti_tool.models import Learner as ToolLearner

    with app.extensions["db"].session() as session:
        return session.get(ToolLearner, learner_id).organisation_id


@pytest.mark.skipif(not os.environ.get("LEERLIJN_SCREENSHOTS"), reason="LEERLIJN_SCREENSHOTS=1 saves them")
def test_screenshots_of_the_course_home(page, browser, app, live_server):
    coach, me = trainer(app), learner(app)
    client = app.test_client()
    from leerlijn_support import meet_all_but_feedback, open_checkin, plan_session

    meet_all_but_feedback(app, me)
    session_id = plan_session(client, coach.token, title="Terugkomdag feedback")
    plan_session(client, coach.token, title="Slotbijeenkomst", day="2030-06-12")
    code = open_checkin(client, coach.token, session_id)
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/inchecken", data={"lt": me.token, "code": code})
    page.goto(f"{live_server}/learn/course?lt={me.token}")
    page.locator(".leerlijn-status").wait_for()
    page.locator(".leerlijn-status").screenshot(path=str(SCREENSHOTS / "issue-18-course-home-desktop.png"))
    phone = _phone(browser)
    try:
        mobile = phone.new_page()
        mobile.goto(f"{live_server}/learn/course?lt={me.token}")
        status = mobile.locator(".leerlijn-status")
        status.wait_for()
        status.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        mobile.screenshot(path=str(SCREENSHOTS / "issue-18-course-home-phone.png"))
    finally:
        phone.close()
