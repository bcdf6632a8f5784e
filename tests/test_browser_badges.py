"""In Chromium: the learner's badge page inside the LMS frame's look, the public verification
page (Dutch, English, on a phone, and after revocation) and the operator's badge page with its
revoke button, keyboard only. axe-core finds nothing on any of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN

from tests.badge_support import award, learner_in_course
from tests.browser_support import assert_accessible

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_learner_sees_downloads_and_checks_their_badge(page, live_server, settings, app):
    learning = learner_in_course(app, settings)
    public_id = award(app, learning)
    page.goto(f"{settings.base_url}/badges/mijn/{learning.course_id}?lt={learning.token}")
    page.get_by_role("heading", level=2, name="Werkbegeleider: leerlijn afgerond").wait_for()
    assert_accessible(page, "on the learner's badge page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als afbeelding (PNG)").click()
    assert download.value.suggested_filename.endswith(".png")

    page.goto(f"{settings.base_url}/badges/{public_id}")
    page.locator("#verdict").wait_for()
    assert "Deze badge is echt en geldig." in page.locator("#verdict").inner_text()
    assert_accessible(page, "on the verification page")
    if os.environ.get("BADGE_SCREENSHOTS"):  # docs/screenshots/README.md
        page.screenshot(path=str(SCREENSHOTS / "issue-18-badge-verified.png"), full_page=True)
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", level=1, name="Check a badge").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "on the English verification page")


def test_verification_page_on_a_phone(phone_page, live_server, settings, app):
    public_id = award(app, learner_in_course(app, settings))
    phone_page.goto(f"{settings.base_url}/badges/{public_id}")
    phone_page.locator("#verdict").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"
    assert_accessible(phone_page, "on the verification page on a phone")


def test_operator_revokes_by_keyboard_and_the_page_says_so(browser, live_server, settings, app, admin_auth):
    public_id = award(app, learner_in_course(app, settings))
    context = browser.new_context(locale="nl-NL", http_credentials={"username": "admin",
                                                                     "password": ADMIN_TOKEN})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{settings.base_url}/admin/badges/")
        page.get_by_role("heading", level=1, name="Uitgegeven badges").wait_for()
        assert_accessible(page, "on the operator's badge page")
        button = page.get_by_role("button", name=f"Intrekken badge {public_id[:8]}")
        button.focus()
        page.keyboard.press("Enter")
        page.get_by_role("status").wait_for()
        assert "De badge is ingetrokken." in page.get_by_role("status").inner_text()
        assert_accessible(page, "on the operator's badge page after revoking")
        page.goto(f"{settings.base_url}/badges/{public_id}")
        assert "Deze badge is ingetrokken." in page.locator("#verdict").inner_text()
        assert_accessible(page, "on the verification page of a revoked badge")
    finally:
        context.close()
