"""In Chromium: the LMS administrator changes the organisation's look (a colour with too
little contrast is refused, a good one is taken and learners see it), and the trainer
overview leads to the group zelfscan and the export. axe-core finds nothing on any of them."""

from __future__ import annotations

import pytest
import requests
from test_branding import launch, png

from devlms.module_walker import complete_module
from lti_tool.content import get_course
from tests.browser_support import assert_accessible

pytestmark = pytest.mark.browser


def test_branding_page_refuses_too_little_contrast_and_learners_see_the_new_look(
        page, live_server, settings, tmp_path):
    page.goto(f"{settings.base_url}/huisstijl/?lt={launch(settings, 'devlms-admin')}")
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page, "on the branding page")

    page.get_by_label("Naam van de organisatie").fill("ROC Midden")
    page.get_by_label("Hoofdkleur").fill("#8fa8c8")  # light blue: white text on it is unreadable
    page.get_by_role("button", name="Opslaan").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "De hoofdkleur #8fa8c8 heeft te weinig contrast met" in alert.inner_text()
    assert page.locator("[data-ratio=primary_color]").inner_text().startswith("Contrast 2,")
    assert page.get_by_label("Naam van de organisatie").input_value() == "ROC Midden"
    assert_accessible(page, "on the branding page with a refused colour")

    logo = tmp_path / "logo.png"
    logo.write_bytes(png(40, 20))
    page.get_by_label("Hoofdkleur").fill("#0b5e3b")
    page.get_by_label("Nieuw logo").set_input_files(str(logo))
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Huisstijl van ROC Midden"
    assert_accessible(page, "on the branding page after saving")

    page.goto(f"{settings.base_url}/learn/course?lt={launch(settings, 'devlms-learner-1')}")
    header = page.locator(".site-header")
    assert header.locator(".brand-name").inner_text() == "ROC Midden"
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 94, 59)"
    assert header.locator("img.brand-logo").evaluate("img => img.complete && img.naturalWidth") == 40
    assert_accessible(page, "on a learner page in the new look")


def test_trainer_overview_names_modules_and_leads_to_the_group_zelfscan_and_the_export(
        page, live_server, settings):
    course = get_course(settings)
    complete_module(requests.Session(), settings.base_url, launch(settings, "devlms-learner-1"),
                    course.modules[0])
    page.goto(f"{settings.base_url}/dashboard/?lt={launch(settings, 'devlms-instructor-1')}")
    table = page.get_by_role("table")
    for module in course.modules:
        table.get_by_role("columnheader", name=module.title).wait_for()
    assert_accessible(page, "on the trainer's overview")

    page.get_by_role("link", name="Groepsprofiel: Zelfscan voor werkbegeleiders").click()
    page.wait_for_url("**/zelfscan/werkbegeleider/groep*")
    page.get_by_role("heading", level=1).wait_for()
    page.go_back()
    page.get_by_role("link", name="Download de cursus als SCORM-pakket of Common Cartridge").click()
    page.wait_for_url("**/export?lt=*")
    assert page.get_by_role("heading", level=1).is_visible()


def test_operator_branding_pages(browser, live_server, admin_auth):
    user, password = admin_auth
    context = browser.new_context(http_credentials={"username": user, "password": password},
                                  locale="nl-NL")
    page = context.new_page()
    try:
        assert page.goto(live_server + "/admin/huisstijl/").status == 200
        assert_accessible(page, "on the operator's branding list")
        page.get_by_role("link", name="Huisstijl aanpassen voor devlms").click()
        page.get_by_label("Accentkleur").fill("#fff176")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("alert").wait_for()
        assert "De accentkleur #fff176 heeft te weinig contrast" in page.get_by_role("alert").inner_text()
        assert_accessible(page, "on the operator's branding page with a refused colour")
    finally:
        context.close()
