"""LTI Advantage end to end against the development LMS, over real HTTP:
dynamic registration, deep linking into the gradebook, and grades read back."""

from __future__ import annotations

import re
from html import unescape

import requests
from sqlalchemy import select

from devlms.client import DevLmsClient, parse_page
from lti_tool.models import PlatformRegistration
from tests.registration_support import registration_link


def test_dynamic_registration_then_launch_under_the_new_client_id(live_server, settings, app):
    link = registration_link(app, settings, "roc-midden", name="ROC Midden")
    lms = DevLmsClient(settings.devlms_base_url)
    openid_configuration, token = lms.dynamic_registration_urls(link)
    page = requests.get(link, params={
        "openid_configuration": openid_configuration, "registration_token": token})
    assert page.status_code == 200, page.text
    assert "De tool is aangemeld" in page.text and "ROC Midden" in page.text
    client_id = re.search(r"<dt>Client-id</dt><dd><code>([^<]+)</code>", page.text).group(1)
    with app.extensions["db"].session() as session:
        row = session.execute(select(PlatformRegistration).where(
            PlatformRegistration.client_id == client_id)).scalar_one()
        assert row.issuer == settings.devlms_base_url
        assert [d.deployment_id for d in row.deployments]
        # The link chose the organisation, not the (already known) issuer.
        assert row.organisation.slug == "roc-midden"

    lms.activate_tool(client_id)
    placement = lms.add_placement("Via registratie", "escape-room", client_id=client_id)
    lms.sign_in("devlms-learner-1")
    result = lms.launch(placement)
    assert result.url.startswith(settings.base_url + "/learn/m/escape-room")


def test_deep_linking_creates_gradebook_columns_in_the_lms(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    start = lms.deep_link()
    picker = start.response
    assert picker.status_code == 200 and "Inhoud kiezen" in picker.text
    form = parse_page(picker.text.split('method="post"', 1)[1])
    token = unescape(re.search(r'name="lt" value="([^"]+)"', picker.text).group(1))
    chosen = lms.http.post(settings.base_url + "/lti/deep-link", data=[
        ("lt", token), ("item", "signalen-en-triggers"), ("item", "lastige-gesprekken")])
    assert chosen.status_code == 200
    done = lms.submit_form(chosen)
    assert done.status_code == 200, done.text
    assert "Signalen en triggers herkennen" in done.text and "Lastige gesprekken voeren" in done.text
    assert form is not None

    lms.sign_in("devlms-instructor-1")
    gradebook = lms.http.get(settings.devlms_base_url + "/gradebook")
    assert "Signalen en triggers herkennen" in gradebook.text
