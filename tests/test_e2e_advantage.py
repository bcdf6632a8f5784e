"""LTI Advantage end to end against the development LMS, over real HTTP:
dynamic registration, deep linking into the gradebook, and grades read back."""

from __future__ import annotations

import re
from html import unescape

import requests
from sqlalchemy import select

from lti_tool.devlms.client import DevLmsClient, parse_page
from lti_tool.models import PlatformRegistration


def test_dynamic_registration_then_launch_under_the_new_client_id(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    openid_configuration, token = lms.dynamic_registration_urls()
    page = requests.get(settings.base_url + "/lti/register", params={
        "openid_configuration": openid_configuration, "registration_token": token})
    assert page.status_code == 200, page.text
    assert "De tool is aangemeld" in page.text
    client_id = re.search(r"<dt>Client-id</dt><dd><code>([^<]+)</code>", page.text).group(1)
    with app.extensions["db"].session() as session:
        row = session.execute(select(PlatformRegistration).where(
            PlatformRegistration.client_id == client_id)).scalar_one()
        assert row.issuer == settings.devlms_base_url
        assert [d.deployment_id for d in row.deployments]
        # The development LMS was already registered: the same LMS keeps its organisation.
        assert row.organisation.slug == "devlms"

    # The same one-time token cannot register twice.
    again = requests.get(settings.base_url + "/lti/register", params={
        "openid_configuration": openid_configuration, "registration_token": token},
        headers={"Accept": "application/json"})
    assert again.status_code == 400 and again.json()["check"] == "registration_endpoint"

    lms.activate_tool(client_id)
    link = lms.add_placement("Via registratie", "escape-room", client_id=client_id)
    lms.sign_in("devlms-learner-1")
    result = lms.launch(link)
    assert result.url.startswith(settings.base_url + "/learn/m/escape-room")


def test_a_new_lms_gets_an_organisation_of_its_own(app, settings):
    from lti_tool.lti.dynamic_registration import organisation_slug_for
    with app.extensions["db"].session() as session:
        slug = organisation_slug_for(session, "https://moodle.hogeschool.example")
    assert slug.startswith("moodle-hogeschool-example-")


def test_registration_refuses_a_configuration_from_another_host(live_server, settings):
    response = requests.get(settings.base_url + "/lti/register", params={
        "openid_configuration": settings.base_url + "/lti/canvas.json"},
        headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["check"] == "openid_configuration"


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
