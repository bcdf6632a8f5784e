"""Development LMS: pages, the OIDC launch it performs and its Python signing API."""

from __future__ import annotations

import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from sqlalchemy import func, select

from devlms.constants import (
    ADMIN_ROLE,
    AGS_CLAIM,
    CLAIM,
    FACULTY_ROLE,
    INSTRUCTOR_ROLE,
    LEARNER_ROLE,
    NRPS_CLAIM,
)
from devlms.models import DevLineItem, DevPlacement
from devlms.signing import devlms_jwks, sign_id_token, standard_launch_claims
from devlms.tool_admin import register_devlms
from lti_tool.models import Deployment, Organisation, PlatformRegistration

CLIENT_ID = "werkbegeleiding-tool"
PLACEMENT = "de-rol-van-de-werkbegeleider"


def choose(client, user: str) -> None:
    assert client.post("/devlms/login", data={"user": user}).status_code == 302


def login_params(client, user: str = "devlms-learner-1", placement: str = PLACEMENT) -> dict:
    """What the devlms sends the tool's login endpoint (the iframe's redirect)."""
    choose(client, user)
    response = client.get(f"/devlms/launch/{placement}/initiate")
    assert response.status_code == 302
    return {key: values[0] for key, values in parse_qs(urlsplit(response.location).query).items()}


def auth_request(settings, login: dict, **overrides) -> dict:
    """The authentication request a correct tool sends back to the devlms."""
    params = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
              "prompt": "none", "client_id": CLIENT_ID,
              "redirect_uri": settings.base_url + "/lti/launch",
              "login_hint": login["login_hint"], "lti_message_hint": login["lti_message_hint"],
              "state": "state-123", "nonce": "nonce-456"}
    params.update(overrides)
    return {key: value for key, value in params.items() if value is not None}


def form_fields(html: str) -> dict:
    return {name: unescape(value)
            for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', html)}


def verify(client, token: str) -> dict:
    """Check the signature against /devlms/jwks, as the tool does."""
    header = jwt.get_unverified_header(token)
    keys = {key["kid"]: key for key in client.get("/devlms/jwks").json["keys"]}
    return jwt.decode(token, jwt.PyJWK(keys[header["kid"]]).key, algorithms=["RS256"],
                      audience=CLIENT_ID)


def test_initiate_redirects_to_the_tool_login_with_all_parameters(client, settings):
    params = login_params(client)
    assert params["iss"] == settings.devlms_base_url
    assert params["target_link_uri"] == settings.base_url + "/lti/launch"
    assert params["client_id"] == CLIENT_ID
    assert params["lti_deployment_id"] == "1"
    assert params["login_hint"] and params["lti_message_hint"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_auth_answers_with_a_form_posting_a_verifiable_id_token(client, settings, method):
    params = auth_request(settings, login_params(client))
    if method == "GET":
        response = client.get("/devlms/auth", query_string=params)
    else:
        response = client.post("/devlms/auth", data=params)
    assert response.status_code == 200
    assert f'action="{settings.base_url}/lti/launch"' in response.text
    assert 'src="/devlms/static/autopost.js"' in response.text
    assert "<script>" not in response.text and "onload" not in response.text
    assert 'type="submit"' in response.text
    fields = form_fields(response.text)
    assert fields["state"] == "state-123"
    claims = verify(client, fields["id_token"])
    assert claims["iss"] == settings.devlms_base_url
    assert claims["aud"] == claims["azp"] == CLIENT_ID
    assert claims["sub"] == "devlms-learner-1"
    assert claims["nonce"] == "nonce-456"
    assert 290 <= claims["exp"] - claims["iat"] <= 300
    assert abs(claims["iat"] - time.time()) < 10
    assert (claims["name"], claims["given_name"], claims["family_name"], claims["email"]) == (
        "Sanne de Vries", "Sanne", "de Vries", "sanne@example.org")
    assert claims[CLAIM + "message_type"] == "LtiResourceLinkRequest"
    assert claims[CLAIM + "version"] == "1.3.0"
    assert claims[CLAIM + "deployment_id"] == "1"
    assert claims[CLAIM + "target_link_uri"] == settings.base_url + "/lti/launch"
    assert claims[CLAIM + "resource_link"] == {"id": PLACEMENT,
                                               "title": "De rol van de werkbegeleider"}
    assert claims[CLAIM + "roles"] == [LEARNER_ROLE]
    assert claims[CLAIM + "context"] == {
        "id": "course-werkbegeleiding", "label": "WB-2026",
        "title": "Werkbegeleiding in de praktijk",
        "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]}
    platform = claims[CLAIM + "tool_platform"]
    assert platform["name"] == "Ontwikkel-LMS" and platform["product_family_code"] == "devlms"
    assert platform["guid"] and platform["version"]
    assert claims[CLAIM + "launch_presentation"] == {
        "document_target": "iframe", "locale": "nl-NL",
        "return_url": settings.devlms_base_url + "/course/course-werkbegeleiding"}
    assert claims[CLAIM + "custom"] == {"content_item": "rol-van-de-werkbegeleider"}
    lineitems = settings.devlms_base_url + "/ags/course-werkbegeleiding/lineitems"
    ags = claims[AGS_CLAIM]
    assert set(ags["scope"]) == {
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score"}
    assert ags["lineitems"] == lineitems
    assert re.fullmatch(re.escape(lineitems) + r"/\d+", ags["lineitem"])
    assert claims[NRPS_CLAIM] == {
        "context_memberships_url":
            settings.devlms_base_url + "/nrps/course-werkbegeleiding/memberships",
        "service_versions": ["2.0"]}


@pytest.mark.parametrize("user, roles", [
    ("devlms-instructor-1", [INSTRUCTOR_ROLE, FACULTY_ROLE]),
    ("devlms-admin", [ADMIN_ROLE, INSTRUCTOR_ROLE]),
])
def test_staff_roles_are_full_lis_uris(client, settings, user, roles):
    response = client.post("/devlms/auth", data=auth_request(settings, login_params(client, user)))
    claims = verify(client, form_fields(response.text)["id_token"])
    assert claims[CLAIM + "roles"] == roles
    assert claims["sub"] == user


@pytest.mark.parametrize("overrides, check", [
    ({"redirect_uri": "http://127.0.0.1:1/evil"}, "redirect_uri"),
    ({"redirect_uri": None}, "redirect_uri"),
    ({"client_id": "someone-else"}, "client_id"),
    ({"nonce": None}, "nonce"),
    ({"scope": "openid profile"}, "scope"),
    ({"response_type": "code"}, "response_type"),
    ({"response_mode": "query"}, "response_mode"),
    ({"prompt": "login"}, "prompt"),
    ({"login_hint": "devlms-admin"}, "login_hint"),
    ({"lti_message_hint": "eyJ1c2VyIjoiZGV2bG1zLWFkbWluIn0.forged.sig"}, "lti_message_hint"),
])
def test_auth_refusals_name_the_failed_check(client, settings, overrides, check):
    params = auth_request(settings, login_params(client), **overrides)
    response = client.post("/devlms/auth", data=params)
    assert response.status_code == 400
    assert "text/html" in response.content_type
    assert f"<code>{check}</code>" in response.text
    assert 'name="id_token"' not in response.text


def test_hints_of_two_users_cannot_be_combined(client, settings):
    learner = login_params(client, "devlms-learner-1")
    admin = login_params(client, "devlms-admin")
    params = auth_request(settings, learner, login_hint=admin["login_hint"])
    response = client.post("/devlms/auth", data=params)
    assert response.status_code == 400
    assert "<code>login_hint</code>" in response.text


def test_auth_does_not_need_the_devlms_cookie(app, client, settings):
    params = auth_request(settings, login_params(client))
    fresh = app.test_client()  # the tool's iframe may carry no devlms cookie at all
    response = fresh.post("/devlms/auth", data=params)
    assert response.status_code == 200


def test_signing_api_builds_and_signs_standard_claims(app, client, settings):
    db = app.extensions["db"]
    claims = standard_launch_claims(db, settings, user="devlms-instructor-1", nonce="n-1")
    assert claims["nonce"] == "n-1" and claims["exp"] - claims["iat"] == 300
    assert claims[CLAIM + "roles"] == [INSTRUCTOR_ROLE, FACULTY_ROLE]
    assert claims[CLAIM + "resource_link"]["id"] == PLACEMENT
    token = sign_id_token(db, settings, claims)
    assert verify(client, token)["nonce"] == "n-1"
    assert devlms_jwks(db) == client.get("/devlms/jwks").json
    bad = sign_id_token(db, settings, {"iss": "x"}, kid="unknown-kid", headers={"typ": "JWT"})
    assert jwt.get_unverified_header(bad)["kid"] == "unknown-kid"
    assert jwt.decode(bad, options={"verify_signature": False}) == {"iss": "x"}
    with pytest.raises(ValueError):
        standard_launch_claims(db, settings, user="nobody", nonce="n")


def test_jwks_is_cacheable(client):
    response = client.get("/devlms/jwks")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    (key,) = response.json["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert "d" not in key


def test_registration_in_the_tool_is_idempotent_and_follows_settings(app, settings):
    """As ``lti-tool platforms add`` would: once per issuer, a moved devlms is a new issuer."""
    db = app.extensions["db"]
    register_devlms(db, settings)
    register_devlms(db, settings)
    moved = settings.with_overrides(devlms_base_url="http://localhost:6001/devlms")
    register_devlms(db, moved)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)
                              .where(Organisation.slug == "devlms")) == 1
        registrations = {row.issuer: row for row in session.scalars(
            select(PlatformRegistration).where(PlatformRegistration.client_id == CLIENT_ID))}
        assert sorted(registrations) == sorted([settings.devlms_base_url, "http://localhost:6001/devlms"])
        registration = registrations["http://localhost:6001/devlms"]
        assert registration.organisation.name == "Ontwikkel-LMS (demo)"
        assert registration.auth_login_url == "http://localhost:6001/devlms/auth"
        assert registration.auth_token_url == "http://localhost:6001/devlms/token"
        assert registration.jwks_url == "http://localhost:6001/devlms/jwks"
        for row in registrations.values():
            assert row.organisation.slug == "devlms" and row.active
            assert [d.deployment_id for d in session.scalars(
                select(Deployment).where(Deployment.registration_id == row.id))] == ["1"]


def test_pages_need_a_chosen_user(client):
    start = client.get("/devlms/")
    assert start.status_code == 200 and 'lang="nl"' in start.text
    assert "Sanne de Vries" in start.text and "Jeroen Bakker" in start.text
    response = client.get("/devlms/course/course-werkbegeleiding")
    assert response.status_code == 302 and response.location.endswith("/devlms/")


def test_launch_page_frames_the_login_initiation(client):
    choose(client, "devlms-learner-1")
    response = client.get(f"/devlms/launch/{PLACEMENT}")
    assert response.status_code == 200
    iframe = re.search(r"<iframe[^>]*>", response.text).group(0)
    assert f'src="/devlms/launch/{PLACEMENT}/initiate"' in iframe
    assert 'allow="autoplay; fullscreen"' in iframe and 'title="' in iframe
    assert "style=" not in response.text


def test_gradebook_is_for_staff_only(client):
    choose(client, "devlms-learner-1")
    assert client.get("/devlms/gradebook").status_code == 403
    choose(client, "devlms-instructor-1")
    response = client.get("/devlms/gradebook")
    assert response.status_code == 200
    assert "Sanne de Vries" in response.text and "Mohammed El Amrani" in response.text


def test_instructor_adds_a_placement_with_a_line_item(app, client):
    choose(client, "devlms-learner-1")
    response = client.post("/devlms/course/course-werkbegeleiding/placements",
                           data={"title": "Feedback geven", "content_item": "feedback-geven"})
    assert response.status_code == 403
    choose(client, "devlms-instructor-1")
    for _ in range(2):
        response = client.post("/devlms/course/course-werkbegeleiding/placements",
                               data={"title": "Feedback geven", "content_item": "feedback-geven"})
        assert response.status_code == 302
    with app.extensions["db"].session() as session:
        links = sorted(session.scalars(select(DevPlacement.resource_link_id)))
        assert links == [PLACEMENT, "feedback-geven", "feedback-geven-2"]
        item = session.scalars(select(DevLineItem).where(DevLineItem.label == "Feedback geven")
                               .order_by(DevLineItem.id)).first()
        assert (item.score_maximum, item.resource_id) == (100.0, "feedback-geven")
    page = client.get("/devlms/course/course-werkbegeleiding")
    assert "Feedback geven" in page.text
    assert client.post("/devlms/course/course-werkbegeleiding/placements",
                       data={"title": " ", "content_item": "x"}).status_code == 400


def test_registration_adopts_an_existing_one_for_the_same_issuer(app, settings):
    db = app.extensions["db"]
    with db.session() as session:
        session.query(Deployment).delete()
        session.query(PlatformRegistration).delete()
        session.query(Organisation).filter(Organisation.slug == "devlms").delete()
        other = Organisation(slug="elders", name="Elders")
        session.add(other)
        session.flush()
        session.add(PlatformRegistration(
            organisation_id=other.id, name="x", issuer=settings.devlms_base_url,
            client_id=CLIENT_ID, auth_login_url="old", auth_token_url="old", jwks_url="old"))
    register_devlms(db, settings)
    with db.session() as session:
        (registration,) = session.scalars(select(PlatformRegistration))
        assert registration.auth_token_url == settings.devlms_base_url + "/token"
        assert [d.deployment_id for d in registration.deployments] == ["1"]
