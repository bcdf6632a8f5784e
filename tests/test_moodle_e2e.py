"""End to end against a real Moodle 4.5, in real Chromium, as a school would use the tool.

The admin installs the tool by its registration URL and activates it; the teacher switches
it on for the course and places two modules (A and B) through the tool's picker, one
activity and one gradebook column each; a learner launches A, does A, goes on to B inside
the tool and does B. Moodle's own grade API must then show A's score in A's column and
B's score in B's column, with no cell ever overwritten by the other module's score. Then
both learners retake B's quiz, one worse and one better than before: Moodle's column keeps
each learner's best, and never shows the worse retake.

The screen words used here are Moodle 4.5.6's (English); the README's Moodle steps quote them.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lti_tool.content import get_course
from lti_tool.models import OutboxMessage
from lti_tool.outbox.messages import AGS_SCORE
from lti_tool.outbox.worker import deliver_due
from tests.conftest import free_port
from tests.moodle_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DEFAULT_KEPT_PORT,
    PASSWORD,
    Moodle,
    MoodleCourse,
    Person,
    create_course,
    gradebook,
    moodle_unavailable,
    registration_url,
    start_moodle,
)
from tests.player_support import correct_options, first_option, play_module, quiz_percent

pytestmark = pytest.mark.moodle

MODULE_A = "nieuwe-collega-inwerken"
MODULE_B = "begeleidingsbehoefte-in-kaart"  # the module after A: the tool offers it as "next"
TIMEOUT_MS = 30_000  # php -S on a shared machine: Moodle pages take a few seconds


@pytest.fixture(scope="session")
def moodle(tmp_path_factory) -> Iterator[Moodle]:
    reason = moodle_unavailable()
    if reason:
        if os.environ.get("MOODLE_E2E_REQUIRED"):
            pytest.fail(f"Moodle end-to-end test cannot run: {reason}")
        pytest.skip(f"Moodle end-to-end test skipped: {reason}")
    url, folder = os.environ.get("MOODLE_E2E_URL"), os.environ.get("MOODLE_E2E_DIR")
    if url:
        site = Moodle(url=url.rstrip("/"), dir=Path(folder))
    elif folder:
        port = int(os.environ.get("MOODLE_E2E_PORT", DEFAULT_KEPT_PORT))
        site = start_moodle(Path(folder), port, temporary=False)
    else:
        site = start_moodle(tmp_path_factory.mktemp("moodle"), free_port(), temporary=True)
    try:
        site.prepare_site()
        yield site
    finally:
        site.stop()


@pytest.fixture
def course(moodle) -> MoodleCourse:
    run = uuid.uuid4().hex[:6]
    return create_course(moodle, f"WB-{run}", f"Werkbegeleiding {run}", [
        Person(f"docent-{run}", "Jeroen", "Bakker", "editingteacher"),
        Person(f"deelnemer1-{run}", "Sanne", "de Vries", "student"),
        Person(f"deelnemer2-{run}", "Ayoub", "El Amrani", "student"),
    ])


@pytest.fixture
def tool_url(moodle, app, settings, live_server) -> Iterator[str]:
    """The tool runs on a real socket; the URL to paste into Moodle; the tool leaves Moodle after."""
    yield registration_url(app, settings)
    moodle.delete_tools(settings.base_url)


def settle(page) -> None:
    """Wait until Moodle's page scripts are ready: they attach to buttons and switches well
    after the HTML, and a click before that does nothing. ``M.util.pending_js`` is Moodle's
    own list of unfinished script work (what its Behat tests wait for)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !(window.M && M.util && M.util.pending_js) || !M.util.pending_js.length")


def new_page(browser, moodle: Moodle, username: str, password: str = PASSWORD):
    """A person's own browser window, signed in to Moodle."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(moodle.url + "/login/index.php")
    settle(page)  # the login form's script initialises late
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/my/|/course/view\.php"))
    return page


def install_tool(page, tool_url: str) -> int:
    """Site administration → Plugins → External tool: Manage tools → Tool URL →
    Add LTI Advantage → (the tool's registration page inside Moodle) → Activate.
    Returns Moodle's id for the new tool (its card is found by the client id the tool shows)."""
    page.get_by_role("menuitem", name="Site administration").click()
    page.wait_for_url(re.compile(r"/admin/search\.php"))
    settle(page)
    page.get_by_role("tab", name="Plugins", exact=True).click()
    page.get_by_role("link", name="Manage tools", exact=True).click()
    page.wait_for_url(re.compile(r"/mod/lti/toolconfigure\.php"))
    settle(page)
    page.get_by_placeholder("Tool URL...").fill(tool_url)
    page.get_by_role("button", name="Add LTI Advantage").click()
    registration = page.frame_locator("iframe[src*='startltiadvregistration']")
    client_id = registration.locator("dl.facts code").first.inner_text()
    registration.locator("#close-registration").click()
    card = page.locator(f".tool-card[data-clientid='{client_id}']")
    card.get_by_text("Pending").wait_for()
    settle(page)
    card.get_by_role("link", name="Activate").click()
    card.get_by_text("Active", exact=True).wait_for()
    return int(card.get_attribute("data-type-id"))


def enable_in_course(page, moodle: Moodle, course: MoodleCourse, tool_id: int) -> None:
    """Course → More → LTI External tools → "Show in activity chooser" on."""
    page.goto(f"{moodle.url}/course/view.php?id={course.id}")
    settle(page)
    page.locator(".secondary-navigation").get_by_role("menuitem", name="More").click()
    page.get_by_role("menuitem", name="LTI External tools").click()
    page.get_by_role("heading", name="LTI External tools").wait_for()
    settle(page)
    switch = page.locator(f"#showinactivitychooser-toggle-{tool_id}")
    switch.focus()
    with page.expect_response(re.compile(r"/lib/ajax/service\.php")) as saved:
        page.keyboard.press("Space")  # the switch's label covers it, as for a keyboard user
    assert not saved.value.json()[0]["error"], saved.value.text()
    expect(switch).to_be_checked()


def place_modules(page, moodle: Moodle, course: MoodleCourse, module_ids: list[str]) -> None:
    """Edit mode → Add an activity or resource → Werkbegeleiding → Select content → the tool's
    picker → Save and return to course."""
    page.goto(f"{moodle.url}/course/view.php?id={course.id}")
    settle(page)
    page.get_by_role("checkbox", name="Edit mode").check()
    page.get_by_role("button", name="Add an activity or resource").first.wait_for()  # the page reloaded
    settle(page)
    page.get_by_role("button", name="Add an activity or resource").first.click()
    page.get_by_role("dialog").get_by_role("link", name="Werkbegeleiding", exact=True).click()
    page.wait_for_url(re.compile(r"/course/modedit\.php"))
    settle(page)
    page.get_by_role("button", name="Select content").click()
    picker = page.get_by_role("dialog", name="Select content").frame_locator("iframe")
    for module_id in module_ids:
        picker.locator(f"#item-{module_id}").check()
    picker.locator("form:has(input[name=item]) button[type=submit]").click()
    page.get_by_text("The following items will be added to your course:").wait_for()
    page.get_by_role("button", name="Save and return to course").click()
    page.wait_for_url(re.compile(r"/course/view\.php"))


def launch(page, moodle: Moodle, course: MoodleCourse, activity: str):
    """The learner opens the activity from the course page; the tool runs in Moodle's iframe."""
    page.goto(f"{moodle.url}/course/view.php?id={course.id}")
    page.get_by_role("link", name=activity).first.click()
    page.wait_for_url(re.compile(r"/mod/lti/view\.php"))
    frame_element = page.locator("iframe#contentframe")
    frame_element.wait_for()
    return page.frame_locator("iframe#contentframe"), frame_element.element_handle().content_frame()


def retake_quiz(frame, tool_frame, module, choose) -> None:
    """Open the module's quiz again (with the token of this launch), follow its "try again"
    link (the page speaks the browser's English here) and answer it with ``choose``."""
    here = urlsplit(tool_frame.url)
    quiz = module.quizzes[0]
    token = urlencode({"lt": parse_qs(here.query)["lt"][0]})
    tool_frame.goto(f"{here.scheme}://{here.netloc}/learn/m/{module.id}/b/{quiz.id}?{token}")
    frame.locator("a[href*='retry=1']").click()
    for question in quiz.questions:
        for option in choose(question):
            frame.locator(f"#{quiz.id}-{question.id}-{option.id}").check()
    frame.locator("form.quiz-form button[type=submit]").click()
    frame.locator(".quiz-summary").wait_for()


def deliver_outbox(app) -> list[OutboxMessage]:
    db = app.extensions["db"]
    while deliver_due(db):
        pass
    with db.session() as session:
        return list(session.execute(select(OutboxMessage).where(OutboxMessage.kind == AGS_SCORE)).scalars())


def test_two_placed_modules_keep_their_own_gradebook_columns_in_moodle(
        moodle, course, tool_url, browser, app, settings):
    content = get_course(settings)
    module_a, module_b = content.module(MODULE_A), content.module(MODULE_B)
    score_a, score_b = quiz_percent(module_a, correct_options), quiz_percent(module_b, first_option)
    assert score_a != score_b, "the two modules must score differently to tell the columns apart"
    teacher, learner, other = course.people.values()

    admin = new_page(browser, moodle, ADMIN_USER, ADMIN_PASSWORD)
    tool_id = install_tool(admin, tool_url)
    admin.context.close()

    page = new_page(browser, moodle, teacher.username)
    enable_in_course(page, moodle, course, tool_id)
    place_modules(page, moodle, course, [MODULE_A, MODULE_B])
    columns = gradebook(moodle, course)
    assert set(columns) == {module_a.title, module_b.title}, columns
    assert {c.resource_id for c in columns.values()} == {MODULE_A, MODULE_B}
    assert all(c.grademax == 100 for c in columns.values()), columns
    page.context.close()

    # Learner 2 opens B from B's own activity: the plain case, one module, one column.
    page = new_page(browser, moodle, other.username)
    frame, tool_frame = launch(page, moodle, course, module_b.title)
    play_module(frame, tool_frame, module_b, correct_options)
    page.context.close()

    # Learner 1 opens A, does A, and goes on to B inside the tool (A's activity stays open).
    page = new_page(browser, moodle, learner.username)
    frame, tool_frame = launch(page, moodle, course, module_a.title)
    play_module(frame, tool_frame, module_a, correct_options)
    frame.locator(f"a.button[href*='/learn/m/{MODULE_B}']").click()  # "next module", inside the tool
    play_module(frame, tool_frame, module_b, first_option)
    page.context.close()

    scores = deliver_outbox(app)
    assert scores and all(m.status == "delivered" for m in scores), [
        (m.target, m.status, m.last_error) for m in scores]

    columns = gradebook(moodle, course)
    column_a, column_b = columns[module_a.title], columns[module_b.title]
    assert column_b.grades[other.id] == quiz_percent(module_b, correct_options), column_b.history
    assert column_a.grades[other.id] is None and column_a.grades_held(other.id) == []

    history_a = column_a.history_of(learner.id)
    assert column_a.grades_held(learner.id) == [score_a] and history_a[-1] == score_a, (
        f"A's column must end with A's score {score_a} and never hold another; its history: {history_a}")
    assert column_b.grades[learner.id] == score_b, (
        f"B's column must hold B's score {score_b}; it holds {column_b.grades[learner.id]}, "
        f"history {column_b.history_of(learner.id)}")
    assert column_b.grades_held(learner.id) == [score_b]

    # Retakes of B's quiz: the second learner does it worse than before, the first one better.
    best_b = quiz_percent(module_b, correct_options)
    for person, choose in ((other, first_option), (learner, correct_options)):
        page = new_page(browser, moodle, person.username)
        frame, tool_frame = launch(page, moodle, course, module_b.title)
        retake_quiz(frame, tool_frame, module_b, choose)
        page.context.close()
    scores = deliver_outbox(app)
    assert all(m.status == "delivered" for m in scores), [(m.target, m.status, m.last_error) for m in scores]

    columns = gradebook(moodle, course)
    column_a, column_b = columns[module_a.title], columns[module_b.title]
    assert column_b.grades[other.id] == best_b and score_b not in column_b.grades_held(other.id), (
        f"a worse retake must not replace the best score {best_b}: {column_b.history_of(other.id)}")
    assert column_b.grades[learner.id] == best_b and column_b.grades_held(learner.id)[-1] == best_b, (
        f"a better retake must reach the gradebook: {column_b.history_of(learner.id)}")
    assert column_a.grades_held(learner.id) == [score_a], column_a.history_of(learner.id)
