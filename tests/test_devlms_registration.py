"""Development LMS, Dynamic Registration 1.0 platform side: the OpenID configuration,
the registration endpoint with its one-time token, pending tools, and launching a
registered tool under its own client_id."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

from devlms import toolkeys
from devlms.client import DevLmsClient, parse_page
from tests.registration_support import registration_link

TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONF = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


def choose(client, user: str) -> None:
    assert client.post("/devlms/login", data={"user": user}).status_code == 302


def registration_body(settings, **changes) -> dict:
    base = settings.base_url
    body = {
        "application_type": "web", "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": base + "/lti/login", "redirect_uris": [base + "/lti/launch"],
        "client_name": "Werkbegeleiding", "client_name#nl": "Werkbegeleiding (nl)",
        "jwks_uri": base + "/lti/jwks", "logo_uri": base + "/static/logo.png",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": f"{SCORE} {NRPS} https://example.org/unknown-scope",
        TOOL_CONF: {"domain": urlsplit(base).netloc, "target_link_uri": base + "/lti/launch",
                    "claims": ["iss", "sub", "name", "email"],
                    "custom_parameters": {"herkomst": "$Context.id"},
                    "messages": [{"type": "LtiDeepLinkingRequest",
                                  "target_link_uri": base + "/lti/launch",
                                  "label": "Inhoud kiezen"}]},
    }
    body.update(changes)
    return {name: value for name, value in body.items() if value is not None}


def start_registration(client, link: str) -> tuple[str, str, str]:
    """As the admin, with the tool's registration ``link``: (openid_configuration URL,
    registration_token, done page path)."""
    choose(client, "devlms-admin")
    page = client.post("/devlms/admin/tools/register", data={"registration_url": link})
    assert page.status_code == 200
    frame = parse_page(page.text).iframe_src
    query = {key: values[0] for key, values in parse_qs(urlsplit(frame).query).items()}
    done = re.search(r'data-done-url="([^"]+)"', page.text).group(1)
    return query["openid_configuration"], query["registration_token"], done


def register(client, token: str, body: dict):
    return client.post("/devlms/register", json=body,
                       headers={"Authorization": f"Bearer {token}"})


def test_openid_configuration(client, settings):
    config = client.get("/devlms/.well-known/openid-configuration").json
    devlms = settings.devlms_base_url
    assert config["issuer"] == devlms
    assert config["authorization_endpoint"] == devlms + "/auth"
    assert config["token_endpoint"] == devlms + "/token"
    assert config["jwks_uri"] == devlms + "/jwks"
    assert config["registration_endpoint"] == devlms + "/register"
    assert config["response_types_supported"] == ["id_token"]
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    assert "openid" in config["scopes_supported"] and SCORE in config["scopes_supported"]
    assert config["subject_types_supported"] and "sub" in config["claims_supported"]
    lti = config[PLATFORM_CONF]
    assert lti["product_family_code"] == "devlms" and lti["version"]
    assert [m["type"] for m in lti["messages_supported"]] == [
        "LtiResourceLinkRequest", "LtiDeepLinkingRequest"]
    assert "Context.id" in lti["variables"]


def test_admin_page_is_for_admins_and_frames_the_tool(client, settings, app):
    choose(client, "devlms-instructor-1")
    assert client.get("/devlms/admin/tools").status_code == 403
    choose(client, "devlms-admin")
    page = client.get("/devlms/admin/tools").text
    assert "Tool registreren" in page and "lti-tool registrations invite" in page
    refused = client.post("/devlms/admin/tools/register", data={})
    assert refused.status_code == 400 and "<code>registration_url</code>" in refused.text
    link = registration_link(app, settings)
    openid, token, _done = start_registration(client, link)
    assert openid == settings.devlms_base_url + "/.well-known/openid-configuration"
    assert len(token) > 30
    response = client.post("/devlms/admin/tools/register",
                           data={"registration_url": "https://tools.example/reg?x=1"})
    assert 'src="https://tools.example/reg?x=1&amp;openid_configuration=' in response.text
    assert "frame-src 'self'" in response.headers["Content-Security-Policy"]
    assert "https://tools.example" in response.headers["Content-Security-Policy"]
    assert "/devlms/static/registration.js" in response.text


def test_registration_creates_a_pending_tool_once(client, settings, app):
    _openid, token, done = start_registration(client, registration_link(app, settings))
    assert "Registratie niet voltooid" in client.get(done).text
    response = register(client, token, registration_body(settings))
    assert response.status_code == 200, response.json
    answer = response.json
    assert answer["client_id"] and answer["client_id"] != "werkbegeleiding-tool"
    assert answer[TOOL_CONF]["deployment_id"]
    assert answer[TOOL_CONF]["domain"] == urlsplit(settings.base_url).netloc
    assert answer["scope"] == f"{SCORE} {NRPS}"
    assert answer["client_name#nl"] == "Werkbegeleiding (nl)"
    again = register(client, token, registration_body(settings))
    assert again.status_code == 401 and again.json["error"] == "invalid_token"
    page = client.get(done).text
    assert "Tool geregistreerd" in page and answer["client_id"] in page
    assert "In afwachting van activering" in page and "Activeren" in page


@pytest.mark.parametrize("changes, field", [
    ({"application_type": "native"}, "application_type"),
    ({"response_types": ["code"]}, "response_types"),
    ({"grant_types": ["implicit"]}, "grant_types"),
    ({"initiate_login_uri": None}, "initiate_login_uri"),
    ({"redirect_uris": []}, "redirect_uris"),
    ({"client_name": None}, "client_name"),
    ({"jwks_uri": "not a url"}, "jwks_uri"),
    ({"token_endpoint_auth_method": "client_secret_basic"}, "token_endpoint_auth_method"),
    ({TOOL_CONF: None}, TOOL_CONF),
    ({"redirect_uris": ["https://evil.example/launch"]}, "redirect_uris"),
])
def test_invalid_registrations_name_the_field(client, settings, app, changes, field):
    _openid, token, _done = start_registration(client, registration_link(app, settings))
    response = register(client, token, registration_body(settings, **changes))
    assert response.status_code == 400
    assert response.json["field"] == field
    assert response.json["error"] in {"invalid_client_metadata", "invalid_redirect_uri"}
    # A refused registration does not spend the token: the tool may correct and retry.
    assert register(client, token, registration_body(settings)).status_code == 200


def test_registration_needs_a_valid_token(client, settings):
    assert client.post("/devlms/register", json=registration_body(settings)).status_code == 401
    bad = register(client, "made-up-token", registration_body(settings))
    assert bad.status_code == 401 and bad.headers["WWW-Authenticate"].startswith("Bearer")


def _pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def test_registered_tool_launches_under_its_own_client_id_once_active(
        client, settings, app, monkeypatch):
    _openid, token, _done = start_registration(client, registration_link(app, settings))
    answer = register(client, token, registration_body(settings)).json
    client_id, deployment = answer["client_id"], answer[TOOL_CONF]["deployment_id"]
    choose(client, "devlms-instructor-1")
    page = client.get("/devlms/course/course-werkbegeleiding").text
    assert client_id not in page  # pending tools are not offered
    refused = client.post("/devlms/course/course-werkbegeleiding/placements",
                          data={"title": "Nieuw", "content_item": "x", "tool": client_id})
    assert refused.status_code == 403 and "<code>tool_status</code>" in refused.text
    choose(client, "devlms-admin")
    assert client.post(f"/devlms/admin/tools/{client_id}/activate").status_code == 302
    assert "Actief" in client.get("/devlms/admin/tools").text
    choose(client, "devlms-instructor-1")
    added = client.post("/devlms/course/course-werkbegeleiding/placements",
                        data={"title": "Via registratie", "content_item": "escape-room",
                              "tool": client_id})
    link = urlsplit(added.location).fragment.removeprefix("plaatsing-")
    initiate = client.get(f"/devlms/launch/{link}/initiate")
    login = {k: v[0] for k, v in parse_qs(urlsplit(initiate.location).query).items()}
    assert login["client_id"] == client_id and login["lti_deployment_id"] == deployment
    params = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
              "prompt": "none", "client_id": client_id,
              "redirect_uri": settings.base_url + "/lti/launch",
              "login_hint": login["login_hint"], "lti_message_hint": login["lti_message_hint"],
              "state": "s", "nonce": "n"}
    response = client.post("/devlms/auth", data=params)
    assert response.status_code == 200, response.text
    id_token = re.search(r'name="id_token" value="([^"]+)"', response.text).group(1)
    claims = jwt.decode(id_token, options={"verify_signature": False})
    assert claims["aud"] == client_id and claims[CLAIM + "deployment_id"] == deployment
    assert claims[CLAIM + "custom"] == {"herkomst": "course-werkbegeleiding",
                                        "content_item": "escape-room"}
    # Its hints do not work for the built-in client_id, nor the other way round.
    wrong = client.post("/devlms/auth", data={**params, "client_id": "werkbegeleiding-tool"})
    assert wrong.status_code == 400 and "<code>lti_message_hint</code>" in wrong.text

    # The token endpoint knows the new client and grants only its registered scopes.
    pem = _pem()
    public = JWK.from_pem(pem.encode()).export_public(as_dict=True)
    public.update({"kid": "k1", "alg": "RS256"})
    monkeypatch.setattr(toolkeys, "fetch_tool_jwks", lambda url: {"keys": [public]})
    now = int(time.time())
    assertion = jwt.encode({"iss": client_id, "sub": client_id, "iat": now, "exp": now + 60,
                            "aud": settings.devlms_base_url + "/token", "jti": uuid.uuid4().hex},
                           pem, algorithm="RS256", headers={"kid": "k1"})
    granted = client.post("/devlms/token", data={
        "grant_type": "client_credentials", "client_assertion": assertion,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "scope": f"{SCORE} https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"})
    assert granted.status_code == 200, granted.json
    assert granted.json["scope"] == SCORE


def test_pending_tool_cannot_get_a_token_or_id_token(client, settings, app):
    _openid, token, _done = start_registration(client, registration_link(app, settings))
    client_id = register(client, token, registration_body(settings)).json["client_id"]
    response = client.post("/devlms/auth", data={"client_id": client_id})
    assert response.status_code == 403 and "<code>tool_status</code>" in response.text
    now = int(time.time())
    assertion = jwt.encode({"iss": client_id, "sub": client_id, "exp": now + 60, "iat": now},
                           _pem(), algorithm="RS256", headers={"kid": "x"})
    refused = client.post("/devlms/token", data={
        "grant_type": "client_credentials", "client_assertion": assertion, "scope": SCORE,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"})
    assert refused.status_code == 401 and "not activated" in refused.json["error_description"]


def test_client_helpers_run_a_registration_over_http(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    openid, token = lms.dynamic_registration_urls(registration_link(app, settings))
    config = requests.get(openid, timeout=5).json()
    answer = requests.post(config["registration_endpoint"], json=registration_body(settings),
                           headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.status_code == 200
    client_id = answer.json()["client_id"]
    lms.activate_tool(client_id)
    link = lms.add_placement("Geregistreerd", "escape-room", client_id=client_id)
    assert link == "geregistreerd"
    page = lms.http.get(f"{settings.devlms_base_url}/launch/{link}")
    assert page.status_code == 200
