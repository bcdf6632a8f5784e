"""No answer or text is lost without the learner deciding so, in real Chromium.

- "Volgende" on a quiz or case with a choice made but not sent: the page asks (check or
  skip), the choice still made; nothing is stored until the learner decides.
- A reflection typed while the session runs out: "Bewaren" gives the expired page, which
  says the text is kept and links back to the LMS; after a relaunch the field has the
  text again, says so, and "Bewaren" saves it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from browser_support import assert_accessible
from sqlalchemy import select
from test_learning_support import make_launch

from lti_tool.models import Answer, LaunchSession, utcnow
from lti_tool.settings import PROJECT_ROOT
from lti_tool.web import issue_launch_token

pytestmark = pytest.mark.browser

MODULE = "rol-van-de-werkbegeleider"
LMS_COURSE = "https://lms.example/course/view.php?id=7"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages")


def answers(app, block_id: str) -> list[dict]:
    with app.extensions["db"].session() as session:
        return [a.response for a in session.scalars(
            select(Answer).where(Answer.block_id == block_id).order_by(Answer.id))]


def ask_text(page) -> str:
    return page.locator("#resultaat [data-ask]").inner_text()


def test_volgende_on_a_quiz_with_a_chosen_answer_asks_first(app, page, live_server):
    lt = make_launch(app).token
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-quiz?lt={lt}")
    volgende = page.get_by_role("button", name="Volgende")
    check = page.get_by_role("button", name="Controleer je antwoorden")
    # Two buttons that look different: the answer's is the primary one.
    assert volgende.evaluate("b => b.classList.contains('secondary')")
    assert not check.evaluate("b => b.classList.contains('secondary')")
    assert volgende.evaluate("b => getComputedStyle(b).backgroundColor") != \
        check.evaluate("b => getComputedStyle(b).backgroundColor")

    page.get_by_label("De leidinggevende", exact=True).check()
    with page.expect_navigation():
        volgende.press("Enter")
    assert "/rol-quiz/volgende" in page.url  # still the quiz: nothing dropped
    assert "nog niet gecontroleerd" in ask_text(page)
    assert page.evaluate("document.activeElement.id") == "resultaat"  # read out first
    assert page.get_by_label("De leidinggevende", exact=True).is_checked()
    assert answers(app, "rol-quiz") == []
    assert_accessible(page, "quiz asking about an unchecked answer")

    with page.expect_navigation():
        page.get_by_role("button", name="Controleer je antwoorden").press("Enter")
    assert "Je score is" in page.locator("#resultaat").inner_text()
    assert answers(app, "rol-quiz")[0]["answers"]["beoordeling"] == ["b"]


def test_skipping_is_the_learners_choice_on_a_case(app, page, live_server):
    lt = make_launch(app).token
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-casus-ziekteverlof?lt={lt}")
    page.locator("input[value=samen-naar-hr]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").press("Enter")
    assert "nog niet op \"Dit kies ik\" gedrukt" in ask_text(page)
    assert page.locator("input[value=samen-naar-hr]").is_checked()
    assert_accessible(page, "case asking about an unsent choice")
    with page.expect_navigation():
        page.get_by_role("button", name="Overslaan").press("Enter")
    assert "/b/rol-quiz?" in page.url
    assert answers(app, "rol-casus-ziekteverlof") == []


def relaunch(app, session_id: str) -> str:
    """The learner opens the activity again from the LMS: a new launch session, same person."""
    with app.extensions["db"].session() as session:
        old = session.get(LaunchSession, session_id)
        new_id = uuid.uuid4().hex
        session.add(LaunchSession(
            id=new_id, learner_id=old.learner_id, registration_id=old.registration_id,
            deployment_id=old.deployment_id, context_id=old.context_id,
            resource_link_id=old.resource_link_id, message_type=old.message_type,
            roles=list(old.roles), ags=old.ags, return_url=old.return_url,
            expires_at=utcnow() + timedelta(hours=8)))
    with app.test_request_context():
        return issue_launch_token(new_id)


def test_a_reflection_typed_as_the_session_expires_survives_a_relaunch(app, page, live_server):
    info = make_launch(app)
    with app.extensions["db"].session() as session:
        session.get(LaunchSession, info.session_id).return_url = LMS_COURSE
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-reflectie?lt={info.token}")
    field = page.get_by_label("Jouw antwoord")
    field.focus()
    text = "Ik wil vaker vragen hoe het gaat.\nEn ik plan elke week een kort gesprek."
    page.keyboard.type(text)

    # Eight hours later: the launch has run out before "Bewaren".
    with app.extensions["db"].session() as session:
        session.get(LaunchSession, info.session_id).expires_at = utcnow() - timedelta(minutes=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaren").press("Enter")
    body = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Je sessie is verlopen"
    assert "Hij is niet weg: deze browser onthoudt hem." in body
    assert "open de activiteit daar opnieuw" in body
    assert page.get_by_role("link", name="Terug naar de leeromgeving").get_attribute("href") \
        == LMS_COURSE
    assert_accessible(page, "expired session after Bewaren")
    assert answers(app, "rol-reflectie") == []

    token = relaunch(app, info.session_id)
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-reflectie?lt={token}")
    field = page.get_by_label("Jouw antwoord")
    assert field.input_value() == text
    kept = page.locator("#resultaat [data-kept]")
    kept.wait_for()
    assert "Je tekst was nog niet bewaard." in kept.inner_text()  # in the live region
    assert page.locator("#resultaat").get_attribute("aria-live") == "polite"
    assert_accessible(page, "reflection with kept text")

    field.focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "Bewaren", by keyboard
    assert "Je antwoord is bewaard." in page.locator("#resultaat").inner_text()
    assert [a["text"] for a in answers(app, "rol-reflectie")] == [text]
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('werkbegeleiding.'))"
                         ) == []
    # A later visit shows the saved text and no "kept" note.
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-reflectie?lt={token}")
    assert page.get_by_label("Jouw antwoord").input_value() == text
    page.wait_for_timeout(400)
    assert page.locator("#resultaat [data-kept]").count() == 0


def test_on_a_shared_computer_texts_older_than_a_working_day_are_removed(app, page, live_server):
    """Someone typed a reflection yesterday and never came back: the next person who opens a
    reflection in this browser does not find it in the browser's storage."""
    info = make_launch(app)
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-reflectie?lt={info.token}")
    yesterday = "Date.now() - 13 * 60 * 60 * 1000"
    page.evaluate(f"""() => {{
        localStorage.setItem('werkbegeleiding.tekst.other-learner', JSON.stringify({{t: {yesterday}, v: 'Privé'}}));
        localStorage.setItem('werkbegeleiding.tekst.old-format', 'zonder tijd');
        localStorage.setItem('werkbegeleiding.tekst.recent', JSON.stringify({{t: Date.now(), v: 'Net'}}));
    }}""")
    page.reload()
    page.get_by_label("Jouw antwoord").wait_for()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('werkbegeleiding.'))"
                         ) == ["werkbegeleiding.tekst.recent"]
