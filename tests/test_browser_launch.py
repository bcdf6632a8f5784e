"""In real Chromium, with third-party cookies blocked: a learner launches the tool from the
development LMS page (tool in a cross-site iframe), completes the module with its quiz,
and the instructor sees the score in the LMS gradebook."""

from __future__ import annotations

import re

import pytest

from lti_tool.content import get_course
from lti_tool.outbox.worker import deliver_due
from tests.browser_support import assert_accessible
from tests.player_support import play_module

pytestmark = pytest.mark.browser
MODULE = "rol-van-de-werkbegeleider"
PLACEMENT = "de-rol-van-de-werkbegeleider"


def sign_in(page, devlms: str, username: str) -> None:
    page.goto(devlms + "/")
    page.check(f"#user-{username}")
    page.get_by_role("button", name="Inloggen").click()


def test_learner_completes_module_in_iframe_and_instructor_sees_grade(page, live_server, settings, app):
    devlms = settings.devlms_base_url
    sign_in(page, devlms, "devlms-learner-1")
    page.goto(f"{devlms}/launch/{PLACEMENT}")
    frame_element = page.locator("iframe.devlms-tool-frame")
    frame_element.wait_for()
    frame = page.frame_locator("iframe.devlms-tool-frame")
    module = get_course(settings).module(MODULE)
    frame.locator("h1").first.wait_for()

    tool_frame = next(f for f in page.frames if f.url.startswith(settings.base_url))
    # The tool really is third-party here, and this browser blocks third-party cookies.
    assert not tool_frame.evaluate(
        "() => { document.cookie = 'probe=1; SameSite=None; Secure; path=/';"
        " return document.cookie.includes('probe'); }")

    play_module(frame, tool_frame, module)
    tool_frame.wait_for_url(re.compile(r"/klaar(\?|$)"))
    frame.get_by_text(re.compile("afgerond|Afgerond")).first.wait_for()
    assert_accessible(next(f for f in page.frames if f.url.startswith(settings.base_url)),
                      "on the module summary in the iframe")

    while deliver_due(app.extensions["db"]):
        pass

    page.context.clear_cookies()
    sign_in(page, devlms, "devlms-instructor-1")
    page.goto(devlms + "/gradebook")
    row = page.locator("tr", has_text="Sanne de Vries")
    assert "100 / 100" in row.inner_text()
    assert "FullyGraded" in row.inner_text()
