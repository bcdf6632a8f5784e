"""axe-core in Chromium on the tool's own page types outside the player: the start page,
the Deep Linking picker, the trainer's overview, the registration confirmation, the
platform-storage step and the outbox admin page."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from devlms.client import DevLmsClient
from tests.browser_support import assert_accessible
from tests.registration_support import registration_link

pytestmark = pytest.mark.browser


def test_start_page(page, live_server):
    page.goto(live_server + "/")
    assert_accessible(page, "on the start page")


def test_deep_link_picker_and_dashboard(page, live_server, settings):
    lms = DevLmsClient(settings.devlms_base_url)
    picker_url = lms.deep_link().response.url
    page.goto(picker_url)
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page, "on the deep linking picker")
    page.fill("#filter", "gesprek")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**q=gesprek**")
    assert_accessible(page, "on the filtered picker")

    lms.sign_in("devlms-instructor-1")
    token = lms.launch("de-rol-van-de-werkbegeleider").launch_token
    page.goto(f"{settings.base_url}/dashboard/?lt={token}")
    page.get_by_role("table", name="Afgeronde modules, scores en zelfscan per deelnemer").wait_for()
    assert_accessible(page, "on the trainer's overview")


def test_registration_confirmation_and_refusal(page, live_server, settings, app):
    link = registration_link(app, settings)
    openid, token = DevLmsClient(settings.devlms_base_url).dynamic_registration_urls(link)
    page.goto(f"{link}?{urlencode({'openid_configuration': openid, 'registration_token': token})}")
    page.get_by_role("button", name="Sluiten en terug naar de leeromgeving").wait_for()
    assert_accessible(page, "on the registration confirmation")
    page.goto(f"{settings.base_url}/lti/register")
    page.get_by_text("Vraag de beheerder van de tool om een nieuwe registratielink").wait_for()
    assert_accessible(page, "on the refusal without a registration link")


def test_registrations_admin_page(browser, live_server, admin_auth):
    user, password = admin_auth
    context = browser.new_context(http_credentials={"username": user, "password": password})
    page = context.new_page()
    try:
        assert page.goto(live_server + "/admin/registraties/").status == 200
        # Chromium asks for English: find the fields by their ids.
        page.fill("#organisation", "roc-midden")
        page.fill("#organisation_name", "ROC Midden")
        page.locator("form[action$='/uitnodigingen'] button[type=submit]").click()
        page.locator("#new-link").wait_for()
        assert_accessible(page, "on the registrations admin page with a new link")
    finally:
        context.close()


def test_outbox_admin_page(browser, live_server, admin_auth):
    user, password = admin_auth
    context = browser.new_context(http_credentials={"username": user, "password": password})
    page = context.new_page()
    try:
        response = page.goto(live_server + "/admin/outbox/")
        assert response.status == 200
        assert_accessible(page, "on the outbox admin page")
    finally:
        context.close()
