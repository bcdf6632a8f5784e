"""Deep Linking 2.0, tool side: picker, filter, and the signed response."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from lti_tool.content import get_course
from tests.lti_platform import LTI, REMOVE, TestPlatform, start_login

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def deep_link_launch(client, platform, settings, roles=(INSTRUCTOR,), multiple=True) -> str:
    state, nonce = start_login(client, platform, settings.base_url)
    body = platform.claims(nonce, **{
        LTI + "message_type": "LtiDeepLinkingRequest", LTI + "resource_link": REMOVE,
        LTI + "roles": list(roles),
        DL + "deep_linking_settings": {
            "deep_link_return_url": platform.issuer + "/deep-link-return",
            "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe"],
            "accept_multiple": multiple, "data": "opaque-123", "title": "Inhoud kiezen"}})
    response = client.post("/lti/launch", data={"id_token": platform.sign(body), "state": state})
    assert response.status_code == 303, response.get_data(as_text=True)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/lti/deep-link"
    return parse_qs(location.query)["lt"][0]


def test_picker_lists_every_module_with_length_and_filters(client, platform, settings):
    token = deep_link_launch(client, platform, settings)
    page = client.get("/lti/deep-link", query_string={"lt": token}).get_data(as_text=True)
    for module in get_course(settings).modules:
        assert f'value="{module.id}"' in page
    assert "De rol van de werkbegeleider" in page and "minuten" in page
    filtered = client.get("/lti/deep-link",
                          query_string={"lt": token, "q": "feedback"}).get_data(as_text=True)
    assert 0 < filtered.count('name="item"') < page.count('name="item"')
    assert 'value="feedback-geven-en-ontvangen"' in filtered


def test_response_is_signed_and_carries_items_with_line_items(client, platform, settings, app):
    token = deep_link_launch(client, platform, settings)
    response = client.post("/lti/deep-link", data={
        "lt": token, "item": ["rol-van-de-werkbegeleider", "escape-room"]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'action="{platform.issuer}/deep-link-return"' in page
    signed = unescape(re.search(r'name="JWT" value="([^"]+)"', page).group(1))
    tool_keys = client.get("/lti/jwks").get_json()
    kid = jwt.get_unverified_header(signed)["kid"]
    key = jwt.PyJWK(next(k for k in tool_keys["keys"] if k["kid"] == kid))
    body = jwt.decode(signed, key=key, algorithms=["RS256"], audience=platform.issuer)
    assert body["iss"] == platform.client_id
    assert body[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert body[LTI + "deployment_id"] == platform.deployment_id
    assert body[DL + "data"] == "opaque-123"
    items = body[DL + "content_items"]
    assert [item["custom"]["content_item"] for item in items] == ["rol-van-de-werkbegeleider", "escape-room"]
    first = items[0]
    assert first["type"] == "ltiResourceLink" and first["url"] == settings.base_url + "/lti/launch"
    assert first["lineItem"] == {"scoreMaximum": 100.0, "label": first["title"],
                                 "resourceId": "rol-van-de-werkbegeleider", "tag": "werkbegeleiding"}
    assert first["text"]


def test_single_choice_platform_gets_one_item(client, platform, settings):
    token = deep_link_launch(client, platform, settings, multiple=False)
    page = client.get("/lti/deep-link", query_string={"lt": token}).get_data(as_text=True)
    assert 'type="radio" name="item"' in page


def test_learners_cannot_pick_content(client, platform, settings):
    token = deep_link_launch(client, platform, settings, roles=(LEARNER,))
    response = client.get("/lti/deep-link", query_string={"lt": token},
                          headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.get_json()["check"] == "role"


def test_nothing_chosen_is_a_clear_error(client, platform, settings):
    token = deep_link_launch(client, platform, settings)
    response = client.post("/lti/deep-link", data={"lt": token}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json()["check"] == "item"


def test_deep_link_page_needs_a_deep_linking_launch(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    response = client.post("/lti/launch", data={"id_token": platform.sign(platform.claims(
        nonce, **{LTI + "roles": [INSTRUCTOR]})), "state": state})
    token = parse_qs(urlsplit(response.headers["Location"]).query)["lt"][0]
    refused = client.get("/lti/deep-link", query_string={"lt": token},
                         headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["check"] == "message_type"


def test_canvas_configuration(client, settings):
    config = client.get("/lti/canvas.json").get_json()
    assert config["oidc_initiation_url"] == settings.base_url + "/lti/login"
    assert config["target_link_uri"] == settings.base_url + "/lti/launch"
    assert config["public_jwk_url"] == settings.base_url + "/lti/jwks"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in config["scopes"]
    canvas = config["extensions"][0]
    assert canvas["privacy_level"] == "name_only"
    placements = {p["placement"]: p for p in canvas["settings"]["placements"]}
    assert placements["link_selection"]["message_type"] == "LtiDeepLinkingRequest"
    assert placements["assignment_selection"]["message_type"] == "LtiDeepLinkingRequest"
    assert placements["course_navigation"]["custom_fields"] == {"content_item": "dashboard"}
    icon = placements["link_selection"]["icon_url"].replace(settings.base_url, "")
    assert client.get(icon).status_code == 200


def test_picker_offers_every_placement_with_a_line_each(client, platform, settings):
    """Modules, zelfscan, Samenleer and the trainer overview: no need to type content_item=."""
    token = deep_link_launch(client, platform, settings)
    page = client.get("/lti/deep-link", query_string={"lt": token}).get_data(as_text=True)
    for item_id in ("rol-van-de-werkbegeleider", "zelfscan:", "samenleer", "dashboard"):
        assert f'value="{item_id}' in page, item_id
    assert "Samenleer-gesprek" in page and "Overzicht voor trainers" in page
    assert page.count('class="item-kind"') == page.count('name="item"')
    assert "alleen docenten en trainers" in page


def test_samenleer_and_dashboard_placements_get_no_gradebook_column(client, platform, settings):
    token = deep_link_launch(client, platform, settings)
    response = client.post("/lti/deep-link", data={
        "lt": token, "item": ["samenleer", "dashboard", "rol-van-de-werkbegeleider"]})
    signed = unescape(re.search(r'name="JWT" value="([^"]+)"', response.get_data(as_text=True)).group(1))
    body = jwt.decode(signed, options={"verify_signature": False})
    items = {item["custom"]["content_item"]: item for item in body[DL + "content_items"]}
    assert set(items) == {"samenleer", "dashboard", "rol-van-de-werkbegeleider"}
    assert "lineItem" not in items["samenleer"] and "lineItem" not in items["dashboard"]
    assert items["rol-van-de-werkbegeleider"]["lineItem"]["scoreMaximum"] == 100.0


def test_staff_pages_are_not_in_a_learners_catalogue(app, settings):
    from lti_tool.content_items import catalogue

    with app.test_request_context():
        course = get_course(settings)
        staff = {item.kind for item in catalogue(course)}
        learner = {item.kind for item in catalogue(course, staff=False)}
    assert staff == {"module", "zelfscan", "samenleer", "dashboard", "leerlijn", "intervisie"}
    assert learner == {"module", "zelfscan", "leerlijn", "intervisie"}


def test_intervisie_placement_counts_taking_part(client, platform, settings):
    """Intervisie is in the picker; its column gets 1 out of 1 for taking part."""
    token = deep_link_launch(client, platform, settings)
    page = client.get("/lti/deep-link", query_string={"lt": token}).get_data(as_text=True)
    assert 'value="intervisie"' in page and "Meedoen telt als voldaan" in page
    response = client.post("/lti/deep-link", data={"lt": token, "item": ["intervisie"]})
    signed = unescape(re.search(r'name="JWT" value="([^"]+)"', response.get_data(as_text=True)).group(1))
    body = jwt.decode(signed, options={"verify_signature": False})
    (item,) = body[DL + "content_items"]
    assert item["custom"]["content_item"] == "intervisie"
    assert item["lineItem"]["scoreMaximum"] == 1.0
