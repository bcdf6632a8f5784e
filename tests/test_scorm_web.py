"""``/export``: course designers download packages from inside the tool; learners cannot."""

from __future__ import annotations

import pytest
import requests

from devlms.client import DevLmsClient
from tests.browser_support import assert_accessible
from tests.scorm_support import zip_members

PLACEMENT = "de-rol-van-de-werkbegeleider"


@pytest.fixture
def lms(live_server, settings) -> DevLmsClient:
    return DevLmsClient(settings.devlms_base_url)


def test_instructor_downloads_a_module_and_the_cartridge(lms, settings):
    lms.sign_in("devlms-instructor-1")
    token = lms.launch(PLACEMENT).launch_token
    page = requests.get(f"{settings.base_url}/export", params={"lt": token}, timeout=10)
    assert page.status_code == 200
    assert 'name="lt"' in page.text and 'value="2004"' in page.text and 'value="1.2"' in page.text

    download = requests.post(f"{settings.base_url}/export/scorm", timeout=30, data={
        "lt": token, "version": "2004", "module": "rol-van-de-werkbegeleider"})
    assert download.status_code == 200
    assert "rol-van-de-werkbegeleider-scorm2004.zip" in download.headers["Content-Disposition"]
    files = zip_members(download.content)
    assert b"2004 4th Edition" in files["imsmanifest.xml"]
    assert "rol-van-de-werkbegeleider.html" in files

    cartridge = requests.post(f"{settings.base_url}/export/cartridge", data={"lt": token}, timeout=30)
    assert cartridge.status_code == 200
    assert b"imsbasiclti_xmlv1p3" in zip_members(cartridge.content)["imsmanifest.xml"]


def test_learner_gets_no_export(lms, settings):
    lms.sign_in("devlms-learner-1")
    token = lms.launch(PLACEMENT).launch_token
    page = requests.get(f"{settings.base_url}/export", params={"lt": token}, timeout=10)
    assert page.status_code == 403
    refused = requests.post(f"{settings.base_url}/export/scorm", timeout=10,
                            data={"lt": token, "version": "1.2"})
    assert refused.status_code == 403


@pytest.mark.browser
def test_export_page_is_accessible(lms, settings, page):
    lms.sign_in("devlms-instructor-1")
    token = lms.launch(PLACEMENT).launch_token
    page.goto(f"{settings.base_url}/export?lt={token}")
    assert page.locator("h1").inner_text() == "Exporteren"
    assert_accessible(page, "export page")
