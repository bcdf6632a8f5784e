"""In real Chromium, the tool inside the development LMS's cross-site iframe (LMS on
localhost, tool on 127.0.0.1): keyboard focus after a page change inside the tool, the
``lti.frameResize`` message to the LMS page, and "back to the LMS" leaving the frame."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_accessible
from tests.test_browser_launch import PLACEMENT, sign_in

pytestmark = pytest.mark.browser

# Records, in the LMS page only, the messages a framed tool posts to it (as Canvas listens).
RECORD_MESSAGES = """
if (window === window.top) {
  window.__toolMessages = [];
  window.addEventListener('message', (event) => window.__toolMessages.push(event.data));
}
"""


def launch_in_frame(page, settings):
    page.add_init_script(RECORD_MESSAGES)
    sign_in(page, settings.devlms_base_url, "devlms-learner-1")
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}")
    frame = page.frame_locator("iframe.devlms-tool-frame")
    frame.locator("h1").first.wait_for()
    tool_frame = next(f for f in page.frames if f.url.startswith(settings.base_url))
    return frame, tool_frame


def focused_in_tool(tool_frame) -> str:
    return tool_frame.evaluate(
        "() => document.hasFocus() ? document.activeElement.tagName + ':' +"
        " document.activeElement.textContent.trim() : 'no focus'")


def test_focus_lands_on_the_heading_after_a_page_change_inside_the_frame(page, live_server, settings):
    frame, tool_frame = launch_in_frame(page, settings)
    # The first page of a launch leaves focus where the learner is: in the LMS page.
    assert page.evaluate("() => document.activeElement.tagName") != "IFRAME"

    # By keyboard, as the learner who lost focus to the LMS page does.
    frame.get_by_role("link", name=re.compile("overzicht", re.I)).first.focus()
    page.keyboard.press("Enter")
    tool_frame.wait_for_url(re.compile(r"/learn/course"))
    frame.locator("h1:focus").wait_for()
    heading = frame.locator("h1").first.inner_text().strip()
    assert focused_in_tool(tool_frame) == f"H1:{heading}"
    # One Tab from the heading stays in the tool: no walk back through the LMS page.
    page.keyboard.press("Tab")
    assert tool_frame.evaluate("() => document.activeElement.closest('main') !== null")
    assert_accessible(tool_frame, "on the course overview in the frame, heading focused")


def test_tool_asks_the_lms_for_its_height(page, live_server, settings):
    _frame, tool_frame = launch_in_frame(page, settings)
    page.wait_for_function(
        "() => window.__toolMessages.some(m => m && m.subject === 'lti.frameResize')")
    needed = tool_frame.evaluate(
        "() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
    resize = [m for m in page.evaluate("() => window.__toolMessages")
              if m.get("subject") == "lti.frameResize"]
    assert resize[-1]["height"] == needed

    # The page grows: the tool asks again (ResizeObserver).
    tool_frame.evaluate("() => { const p = document.createElement('p');"
                        " p.style.height = '1500px'; document.querySelector('main').append(p); }")
    page.wait_for_function(
        "() => window.__toolMessages.some(m => m.subject === 'lti.frameResize'"
        f" && m.height > {needed + 1000})")


def test_back_to_the_lms_leaves_the_frame(page, live_server, settings):
    _frame, tool_frame = launch_in_frame(page, settings)
    lt = re.search(r"[?&]lt=([^&#]+)", tool_frame.url).group(1)
    module_id = "rol-van-de-werkbegeleider"
    tool_frame.goto(f"{settings.base_url}/learn/m/{module_id}/klaar?lt={lt}")
    back = page.frame_locator("iframe.devlms-tool-frame").get_by_role(
        "link", name="Terug naar de leeromgeving")
    assert back.get_attribute("target") == "_top"
    back.click()
    page.wait_for_url(re.compile(re.escape(settings.devlms_base_url) + r"/course/"))
    assert page.locator("iframe.devlms-tool-frame").count() == 0


@pytest.mark.parametrize(("locale", "title"), [("nl-NL", "Deze pagina bestaat niet"),
                                                ("en-GB", "This page does not exist")])
def test_error_page_is_plain_and_accessible(browser, live_server, settings, locale, title):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{settings.base_url}/bestaat-niet")
        assert page.locator("h1").inner_text() == title
        assert not page.get_by_text("404", exact=True).is_visible()
        page.get_by_role("group").locator("summary").click()
        assert page.get_by_text("404", exact=True).is_visible()
        assert_accessible(page, f"on the 404 page ({locale}), details open")
    finally:
        context.close()


def test_picker_offers_every_placement_and_samenleer_opens(page, live_server, settings):
    """The course designer adds Samenleer and the trainer overview from the picker (no typing
    of ``content_item=``); Samenleer then opens from the course."""
    devlms = settings.devlms_base_url
    sign_in(page, devlms, "devlms-instructor-1")
    page.goto(f"{devlms}/course/course-werkbegeleiding/deep-link")
    picker = page.frame_locator("iframe.devlms-tool-frame")
    picker.get_by_role("checkbox", name=re.compile("Samenleer-gesprek")).wait_for()
    kinds = picker.locator(".item-kind").all_inner_texts()
    assert any(k.startswith("Module") for k in kinds) and any(k.startswith("Zelfscan") for k in kinds)
    tool_frame = next(f for f in page.frames if f.url.startswith(settings.base_url))
    assert_accessible(tool_frame, "on the content picker with every placement")
    picker.get_by_role("checkbox", name=re.compile("Samenleer-gesprek")).check()
    picker.get_by_role("checkbox", name=re.compile("Overzicht voor trainers")).check()
    picker.get_by_role("button", name="Toevoegen aan de cursus").click()
    page.wait_for_url(re.compile(r"/course/course-werkbegeleiding\?toegevoegd=2"))
    page.get_by_role("link", name="Samenleer-gesprek").click()
    page.frame_locator("iframe.devlms-tool-frame").locator("h1").first.wait_for()
    tool_frame = next(f for f in page.frames if f.url.startswith(settings.base_url))
    # The login and launch pages pass through the frame first: wait for where it lands.
    tool_frame.wait_for_url(re.compile(r"/samenleer"))
