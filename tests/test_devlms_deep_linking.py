"""Development LMS, Deep Linking 2.0 platform side: the request it sends and the
response it accepts (and, naming the failed check, refuses)."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from sqlalchemy import select

from devlms import toolkeys
from devlms.client import DevLmsClient
from devlms.constants import CLAIM, FACULTY_ROLE, INSTRUCTOR_ROLE
from devlms.models import DevLineItem, DevPlacement

CLIENT_ID = "werkbegeleiding-tool"
COURSE = "course-werkbegeleiding"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
SETTINGS_CLAIM = DL + "deep_linking_settings"


def _pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
def tool_pem() -> str:
    return _pem()


@pytest.fixture
def tool_jwks(monkeypatch, tool_pem) -> list[str]:
    """The devlms 'fetches' this key set as the tool's JWKS; returns the URLs fetched."""
    public = JWK.from_pem(tool_pem.encode()).export_public(as_dict=True)
    public.update({"kid": "tool-key-1", "alg": "RS256", "use": "sig"})
    fetched: list[str] = []

    def fake_fetch(url: str) -> dict:
        fetched.append(url)
        return {"keys": [public]}

    monkeypatch.setattr(toolkeys, "fetch_tool_jwks", fake_fetch)
    return fetched


def choose(client, user: str) -> None:
    assert client.post("/devlms/login", data={"user": user}).status_code == 302


def dl_login(client, user: str = "devlms-instructor-1") -> dict:
    choose(client, user)
    response = client.get(f"/devlms/course/{COURSE}/deep-link/initiate")
    assert response.status_code == 302, response.text
    return {key: values[0] for key, values in parse_qs(urlsplit(response.location).query).items()}


def request_claims(client, settings, user: str = "devlms-instructor-1") -> dict:
    """Run the OIDC round trip of a deep linking request; the signed claims."""
    login = dl_login(client, user)
    params = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
              "prompt": "none", "client_id": CLIENT_ID,
              "redirect_uri": settings.base_url + "/lti/launch", "login_hint": login["login_hint"],
              "lti_message_hint": login["lti_message_hint"], "state": "s", "nonce": "n-dl"}
    response = client.post("/devlms/auth", data=params)
    assert response.status_code == 200, response.text
    token = re.search(r'name="id_token" value="([^"]+)"', response.text).group(1)
    keys = {key["kid"]: key for key in client.get("/devlms/jwks").json["keys"]}
    return jwt.decode(token, jwt.PyJWK(keys[jwt.get_unverified_header(token)["kid"]]).key,
                      algorithms=["RS256"], audience=CLIENT_ID)


def response_jwt(settings, pem: str, data: str, items: list | None = None, *,
                 kid: str = "tool-key-1", **overrides) -> str:
    now = int(time.time())
    claims = {"iss": CLIENT_ID, "aud": settings.devlms_base_url, "iat": now, "exp": now + 300,
              "nonce": uuid.uuid4().hex, CLAIM + "deployment_id": "1",
              CLAIM + "message_type": "LtiDeepLinkingResponse", CLAIM + "version": "1.3.0",
              DL + "data": data, DL + "content_items": items if items is not None else []}
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})


ITEMS = [
    {"type": "ltiResourceLink", "title": "Feedback geven", "text": "Module over feedback",
     "custom": {"content_item": "feedback-geven"},
     "lineItem": {"scoreMaximum": 10, "label": "Feedback (cijfer)", "resourceId": "feedback-geven",
                  "tag": "module"}},
    {"type": "ltiResourceLink", "title": "Escape room", "custom": {"content_item": "escape-room"},
     "iframe": {"width": 800, "height": 600}},
]


def test_course_page_offers_deep_linking_to_instructors_only(client):
    choose(client, "devlms-learner-1")
    assert "Inhoud toevoegen uit de tool" not in client.get(f"/devlms/course/{COURSE}").text
    assert client.get(f"/devlms/course/{COURSE}/deep-link").status_code == 403
    assert client.get(f"/devlms/course/{COURSE}/deep-link/initiate").status_code == 403
    choose(client, "devlms-instructor-1")
    page = client.get(f"/devlms/course/{COURSE}").text
    assert "Inhoud toevoegen uit de tool" in page
    frame = client.get(f"/devlms/course/{COURSE}/deep-link")
    assert frame.status_code == 200
    assert f'src="/devlms/course/{COURSE}/deep-link/initiate?tool={CLIENT_ID}"' in frame.text


def test_deep_linking_request_claims(client, settings):
    login = dl_login(client)
    assert login["target_link_uri"] == settings.base_url + "/lti/launch"
    assert login["client_id"] == CLIENT_ID and login["lti_deployment_id"] == "1"
    claims = request_claims(client, settings)
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingRequest"
    assert claims[CLAIM + "version"] == "1.3.0"
    assert claims[CLAIM + "deployment_id"] == "1"
    assert claims[CLAIM + "roles"] == [INSTRUCTOR_ROLE, FACULTY_ROLE]
    assert claims[CLAIM + "context"]["id"] == COURSE
    assert claims["nonce"] == "n-dl" and claims["sub"] == "devlms-instructor-1"
    assert CLAIM + "resource_link" not in claims
    assert "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint" not in claims
    dl = claims[SETTINGS_CLAIM]
    assert dl["deep_link_return_url"] == settings.devlms_base_url + "/deep-linking/return"
    assert dl["accept_types"] == ["ltiResourceLink"]
    assert dl["accept_presentation_document_targets"] == ["iframe", "window"]
    assert dl["accept_multiple"] is True and dl["auto_create"] is True
    assert dl["title"] and dl["text"] and isinstance(dl["data"], str) and dl["data"]


def test_response_adds_placements_and_line_items(app, client, settings, tool_jwks, tool_pem):
    data = request_claims(client, settings)[SETTINGS_CLAIM]["data"]
    fresh = app.test_client()  # the return POST comes from the tool's frame: no devlms cookie
    response = fresh.post("/devlms/deep-linking/return",
                          data={"JWT": response_jwt(settings, tool_pem, data, ITEMS)})
    assert response.status_code == 200, response.text
    assert tool_jwks == [settings.base_url + "/lti/jwks"]
    assert "Inhoud toegevoegd" in response.text
    assert "Feedback geven" in response.text and "Escape room" in response.text
    assert 'target="_top"' in response.text and "/devlms/static/dl_return.js" in response.text
    assert "<script>" not in response.text
    with app.extensions["db"].session() as session:
        feedback = session.scalars(select(DevPlacement)
                                   .where(DevPlacement.title == "Feedback geven")).one()
        assert feedback.custom == {"content_item": "feedback-geven"}
        assert feedback.text == "Module over feedback"
        (item,) = session.scalars(select(DevLineItem)
                                  .where(DevLineItem.placement_id == feedback.id))
        assert (item.label, item.score_maximum, item.resource_id, item.tag) == (
            "Feedback (cijfer)", 10.0, "feedback-geven", "module")
        escape = session.scalars(select(DevPlacement)
                                 .where(DevPlacement.title == "Escape room")).one()
        assert not session.scalars(select(DevLineItem)
                                   .where(DevLineItem.placement_id == escape.id)).all()
        link = feedback.resource_link_id
    choose(client, "devlms-instructor-1")
    course = client.get(f"/devlms/course/{COURSE}?toegevoegd=2").text
    assert "2 activiteiten toegevoegd uit de tool." in course and "Escape room" in course
    launch = client.get(f"/devlms/launch/{link}/initiate")
    assert launch.status_code == 302


@pytest.mark.parametrize("mutate, check", [
    (lambda d: {"kid": "unknown-kid"}, "kid"),
    (lambda d: {"aud": "http://elsewhere.example"}, "aud"),
    (lambda d: {"aud": None}, "aud"),
    (lambda d: {"iss": "someone-else"}, "iss"),
    (lambda d: {"exp": int(time.time()) - 120}, "exp"),
    (lambda d: {"iat": int(time.time()) + 600}, "iat"),
    (lambda d: {"nonce": None}, "nonce"),
    (lambda d: {CLAIM + "deployment_id": "2"}, "deployment_id"),
    (lambda d: {CLAIM + "message_type": "LtiResourceLinkRequest"}, "message_type"),
    (lambda d: {CLAIM + "version": "1.1"}, "version"),
    (lambda d: {DL + "data": d + "x"}, "data"),
    (lambda d: {DL + "data": None}, "data"),
    (lambda d: {DL + "content_items": [{"type": "link", "url": "https://example.org"}]},
     "content_items"),
    (lambda d: {DL + "content_items": [{"type": "ltiResourceLink",
                                        "lineItem": {"scoreMaximum": 0}}]}, "content_items"),
    (lambda d: {DL + "content_items": [{"type": "ltiResourceLink",
                                        "url": "https://evil.example/launch"}]}, "content_items"),
    (lambda d: {DL + "content_items": [{"type": "ltiResourceLink", "custom": {"n": 1}}]},
     "content_items"),
])
def test_bad_responses_are_refused_naming_the_check(app, client, settings, tool_jwks, tool_pem,
                                                    mutate, check):
    data = request_claims(client, settings)[SETTINGS_CLAIM]["data"]
    overrides = mutate(data)
    kid = overrides.pop("kid", "tool-key-1")
    token = response_jwt(settings, tool_pem, data, ITEMS, kid=kid, **overrides)
    with app.extensions["db"].session() as session:
        before = len(session.scalars(select(DevPlacement)).all())
    response = client.post("/devlms/deep-linking/return", data={"JWT": token})
    assert response.status_code == 400
    assert f"<code>{check}</code>" in response.text, response.text
    with app.extensions["db"].session() as session:
        assert len(session.scalars(select(DevPlacement)).all()) == before


def test_bad_signature_and_missing_jwt(client, settings, tool_jwks, tool_pem):
    data = request_claims(client, settings)[SETTINGS_CLAIM]["data"]
    forged = response_jwt(settings, _pem(), data, ITEMS)
    response = client.post("/devlms/deep-linking/return", data={"JWT": forged})
    assert response.status_code == 400 and "<code>signature</code>" in response.text
    response = client.post("/devlms/deep-linking/return", data={})
    assert response.status_code == 400 and "<code>JWT</code>" in response.text


def test_a_response_works_once(client, settings, tool_jwks, tool_pem):
    data = request_claims(client, settings)[SETTINGS_CLAIM]["data"]
    token = response_jwt(settings, tool_pem, data, ITEMS[:1])
    assert client.post("/devlms/deep-linking/return", data={"JWT": token}).status_code == 200
    replay = client.post("/devlms/deep-linking/return", data={"JWT": token})
    assert replay.status_code == 400 and "<code>nonce</code>" in replay.text


def test_an_empty_response_adds_nothing(client, settings, tool_jwks, tool_pem):
    data = request_claims(client, settings)[SETTINGS_CLAIM]["data"]
    token = response_jwt(settings, tool_pem, data, [], **{DL + "msg": "Niets gekozen"})
    response = client.post("/devlms/deep-linking/return", data={"JWT": token})
    assert response.status_code == 200
    assert "Niets toegevoegd" in response.text and "Niets gekozen" in response.text


def test_deep_link_over_http_with_the_tools_real_key(app, live_server, settings):
    """The client starts the request at the real tool; the tool's real JWKS verifies the answer."""
    from lti_tool.lti.keys import ensure_tool_key

    lms = DevLmsClient(settings.devlms_base_url)
    start = lms.deep_link()
    assert start.response.url.startswith(settings.base_url + "/")
    assert start.claims[CLAIM + "message_type"] == "LtiDeepLinkingRequest"
    assert start.return_url == settings.devlms_base_url + "/deep-linking/return"
    with app.extensions["db"].session() as session:
        key = ensure_tool_key(session)
        pem, kid = key.private_pem, key.kid
    token = response_jwt(settings, pem, start.data, ITEMS[:1], kid=kid)
    answer = lms.return_deep_link(token)
    assert answer.status_code == 200, answer.text
    assert "Feedback geven" in answer.text
