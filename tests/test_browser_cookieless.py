"""Launching inside the LMS iframe without third-party cookies, in real Chromium.

Each way the tool binds the login to the browser is exercised:
  * LTI Platform Storage (the development LMS offers it, as Canvas does);
  * the partitioned state cookie (platform storage switched off);
  * 'open in a new window' when the browser keeps no cookie for the tool inside the LMS
    and the platform has no storage (a per-site cookie block in Chromium's settings).
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, assert_accessible

pytestmark = pytest.mark.browser
PLACEMENT = "de-rol-van-de-werkbegeleider"


@pytest.fixture
def blocking_page(playwright, tmp_path, port):
    """A browser whose user blocked all cookies of the tool's site inside the LMS
    (a per-site exception in Chromium's settings; partitioned cookies included)."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    pattern = f"http://127.0.0.1:{port},http://localhost:{port}"
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"content_settings": {"exceptions": {"cookies": {pattern: {"setting": 2}}}}}}))
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nl-NL")
    context.set_default_timeout(15_000)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def sign_in(page, devlms: str, username: str = "devlms-learner-1") -> None:
    page.goto(devlms + "/")
    page.check(f"#user-{username}")
    page.get_by_role("button", name="Inloggen").click()


def tool_frame(page, settings):
    page.wait_for_function(
        "base => Array.from(document.querySelectorAll('iframe')).length > 0", arg=settings.base_url)
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.startswith(settings.base_url + "/learn")), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("the tool never reached its first page: " + ", ".join(f.url for f in page.frames))


def test_platform_storage_binds_the_login(blocking_page, live_server, settings):
    page = blocking_page
    sign_in(page, settings.devlms_base_url)
    requests_seen = []
    page.on("request", lambda r: requests_seen.append(r.url))
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}")
    frame = tool_frame(page, settings)
    frame.locator("h1").first.wait_for()
    # The launch went through the platform-storage read-back page (a second POST /lti/launch).
    assert sum(1 for url in requests_seen if url.endswith("/lti/launch")) == 2


def test_partitioned_cookie_binds_the_login_without_platform_storage(page, live_server, settings):
    sign_in(page, settings.devlms_base_url)
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}?platform_storage=0")
    frame = tool_frame(page, settings)
    frame.locator("h1").first.wait_for()


def test_no_cookie_and_no_storage_offers_a_new_window(blocking_page, live_server, settings):
    page = blocking_page
    sign_in(page, settings.devlms_base_url)
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}?platform_storage=0")
    frame = page.frame_locator("iframe")
    link = frame.get_by_role("link", name="Openen in een nieuw venster")
    link.wait_for()
    error_frame = next(f for f in page.frames if f.url.endswith("/lti/launch"))
    assert_accessible(error_frame, "on the 'open in a new window' page")
    # A window of its own is first-party for the tool: its cookies work there.
    with page.context.expect_page() as popup_info:
        link.click()
    popup = popup_info.value
    popup.wait_for_url(re.compile(r"/learn/"))
    popup.locator("h1").first.wait_for()
    assert "rol" in popup.url
