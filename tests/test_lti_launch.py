"""The launch: every check that can fail says which one, with the right status."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from sqlalchemy import func, select

from lti_tool.models import LaunchSession, Learner
from lti_tool.web import TOKEN_PARAM
from tests.lti_platform import LTI, REMOVE, TestPlatform, new_rsa_pem, start_login


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def launch(client, token: str, state: str, accept: str = "application/json"):
    return client.post("/lti/launch", data={"id_token": token, "state": state},
                       headers={"Accept": accept})


def fresh_launch(client, platform, settings, **overrides):
    state, nonce = start_login(client, platform, settings.base_url)
    return launch(client, platform.sign(platform.claims(nonce, **overrides)), state)


def assert_refused(response, status: int, check: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    problem = response.get_json()
    assert problem["check"] == check, problem
    assert problem["detail"]


def test_login_redirects_to_platform_with_state_and_nonce(client, platform, settings):
    response = client.get("/lti/login", query_string={
        "iss": platform.issuer, "login_hint": "u", "client_id": platform.client_id,
        "target_link_uri": settings.base_url + "/lti/launch", "lti_message_hint": "m"})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == platform.issuer + "/auth"
    assert query["redirect_uri"] == [settings.base_url + "/lti/launch"]
    assert query["client_id"] == [platform.client_id]
    assert query["response_mode"] == ["form_post"] and query["prompt"] == ["none"]
    assert query["lti_message_hint"] == ["m"]
    assert query["state"][0] and query["nonce"][0]


@pytest.mark.parametrize(("params", "status", "check"), [
    ({"iss": None}, 400, "iss"),
    ({"login_hint": None}, 400, "login_hint"),
    ({"iss": "https://unknown.example"}, 403, "registration"),
    ({"client_id": "someone-else"}, 403, "client_id"),
    ({"target_link_uri": "https://evil.example/lti/launch"}, 400, "target_link_uri"),
])
def test_login_refusals(client, platform, settings, params, status, check):
    query = {"iss": platform.issuer, "login_hint": "u", "client_id": platform.client_id,
             "target_link_uri": settings.base_url + "/lti/launch"}
    query.update(params)
    query = {k: v for k, v in query.items() if v is not None}
    response = client.get("/lti/login", query_string=query, headers={"Accept": "application/json"})
    assert_refused(response, status, check)


def test_valid_launch_creates_session_and_redirects_with_token(client, platform, settings, app):
    response = fresh_launch(client, platform, settings)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.path == "/learn"
    assert parse_qs(location.query)[TOKEN_PARAM][0]
    with app.extensions["db"].session() as session:
        row = session.execute(select(LaunchSession)).scalar_one()
        assert row.learner.name == "Sanne de Vries"
        assert row.resource_link.content_item_id == "rol-van-de-werkbegeleider"
        assert row.context.context_id == "ctx-1"


def test_second_launch_reuses_learner(client, platform, settings, app):
    fresh_launch(client, platform, settings)
    fresh_launch(client, platform, settings, name="Sanne de Vries-Jansen")
    with app.extensions["db"].session() as session:
        assert session.execute(select(func.count()).select_from(Learner)).scalar_one() == 1
        assert session.execute(select(Learner.name)).scalar_one() == "Sanne de Vries-Jansen"


def test_replayed_id_token_with_same_state_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    token = platform.sign(platform.claims(nonce))
    assert launch(client, token, state).status_code == 303
    assert_refused(launch(client, token, state), 401, "state")


def test_replayed_id_token_with_a_fresh_state_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    token = platform.sign(platform.claims(nonce))
    assert launch(client, token, state).status_code == 303
    new_state, _ = start_login(client, platform, settings.base_url)
    assert_refused(launch(client, token, new_state), 401, "nonce")


def test_unsigned_token_cannot_burn_a_login(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    forged = platform.sign(platform.claims(nonce), pem=new_rsa_pem())
    assert_refused(launch(client, forged, state), 401, "signature")
    assert launch(client, platform.sign(platform.claims(nonce)), state).status_code == 303


@pytest.mark.parametrize(("overrides", "status", "check"), [
    ({"iss": "https://unknown.example"}, 403, "registration"),
    ({"aud": "someone-else"}, 403, "client_id"),
    ({LTI + "deployment_id": "dep-unknown"}, 403, "deployment"),
    ({LTI + "deployment_id": REMOVE}, 400, "deployment_id"),
    ({LTI + "version": REMOVE}, 400, "version"),
    ({LTI + "version": "1.1"}, 400, "version"),
    ({LTI + "message_type": REMOVE}, 400, "message_type"),
    ({LTI + "message_type": "LtiSomethingElse"}, 400, "message_type"),
    ({LTI + "roles": REMOVE}, 400, "roles"),
    ({LTI + "resource_link": {"title": "no id"}}, 400, "resource_link"),
    ({"sub": REMOVE}, 400, "sub"),
    ({"nonce": REMOVE}, 400, "nonce"),
    ({"nonce": "not-the-login-nonce"}, 401, "nonce"),
    ({"exp": 1_000_000}, 401, "exp"),
    ({"exp": REMOVE}, 400, "exp"),
    ({"iat": 4_000_000_000}, 401, "iat"),
    ({"iat": REMOVE}, 400, "iat"),
    ({"aud": ["client-123", "other"], "azp": "other"}, 403, "client_id"),
])
def test_bad_claims_are_refused_with_their_check(client, platform, settings, overrides, status, check):
    assert_refused(fresh_launch(client, platform, settings, **overrides), status, check)


def test_wrong_kid_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    token = platform.sign(platform.claims(nonce), headers={"kid": "unknown-kid"})
    platform_keys_fetch_fails = launch(client, token, state)
    assert_refused(platform_keys_fetch_fails, 401, "kid")


def test_missing_kid_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    body = platform.claims(nonce)
    token = jwt.encode(body, platform.pem, algorithm="RS256")
    assert_refused(launch(client, token, state), 401, "kid")


def test_alg_none_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    token = jwt.encode(platform.claims(nonce), key=None, algorithm="none",
                       headers={"kid": platform.kid})
    assert_refused(launch(client, token, state), 401, "alg")


def test_hs256_with_public_key_as_secret_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    token = jwt.encode(platform.claims(nonce), key="a-shared-secret-of-32-bytes-len!!",
                       algorithm="HS256", headers={"kid": platform.kid})
    assert_refused(launch(client, token, state), 401, "alg")


def test_tampered_payload_is_refused(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    header, _body, signature = platform.sign(platform.claims(nonce)).split(".")
    other_body = platform.sign(platform.claims(nonce, sub="admin")).split(".")[1]
    assert_refused(launch(client, f"{header}.{other_body}.{signature}", state), 401, "signature")


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b", "YQ.YQ.YQ"])
def test_not_a_jwt_is_refused(client, platform, settings, token):
    state, _ = start_login(client, platform, settings.base_url)
    assert_refused(launch(client, token, state), 400, "jwt_format")


def test_missing_state_and_token(client, platform):
    assert_refused(client.post("/lti/launch", data={"state": "x"},
                               headers={"Accept": "application/json"}), 400, "id_token")
    assert_refused(client.post("/lti/launch", data={"id_token": "x"},
                               headers={"Accept": "application/json"}), 400, "state")


def test_failed_launch_shows_a_readable_page_without_stack_trace(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    response = launch(client, platform.sign(platform.claims(nonce, exp=1_000_000)), state,
                      accept="text/html")
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "verlopen" in page and "<code>exp</code>" in page
    assert "Traceback" not in page


def test_failed_launch_is_logged_with_its_check(client, platform, settings, caplog):
    with caplog.at_level("WARNING"):
        fresh_launch(client, platform, settings, **{LTI + "deployment_id": "nope"})
    assert any(getattr(record, "check", None) == "deployment" for record in caplog.records)


def test_jwks_publishes_the_tool_key(client):
    keys = client.get("/lti/jwks").get_json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["kid"]
    assert "d" not in keys[0]
    assert client.get("/lti/jwks").get_json()["keys"][0]["kid"] == keys[0]["kid"]


def test_a_platform_key_rotation_is_picked_up(client, platform, settings, monkeypatch):
    """An unknown kid makes the tool fetch the platform's JWKS again before refusing."""
    from lti_tool.lti import platform_keys as keys_module
    from tests.lti_platform import new_rsa_pem, public_jwk

    new_pem, new_kid = new_rsa_pem(), "rotated-kid"
    fetched = []

    def fetch(self, jwks_url, http):
        fetched.append(jwks_url)
        return keys_module._Entry(keys=[public_jwk(new_pem, new_kid)], fetched_at=0.0, max_age=300)

    monkeypatch.setattr(keys_module.PlatformKeyCache, "_fetch", fetch)
    monkeypatch.setattr(keys_module, "MIN_REFETCH_INTERVAL", 0.0)
    state, nonce = start_login(client, platform, settings.base_url)
    token = platform.sign(platform.claims(nonce), pem=new_pem, headers={"kid": new_kid})
    assert launch(client, token, state).status_code == 303
    assert fetched == [platform.jwks_url]


def test_platform_jwks_cache_honours_max_age_down_to_the_refetch_interval():
    from lti_tool.lti.platform_keys import MIN_REFETCH_INTERVAL, _max_age

    assert _max_age("public, max-age=60") == 60
    assert _max_age("") == 300
    for keep_nothing in ("no-store", "no-cache, must-revalidate", "max-age=0, private"):
        assert _max_age(keep_nothing) == MIN_REFETCH_INTERVAL


def test_a_key_set_marked_no_store_is_fetched_once_per_refetch_interval():
    """Launches (forged ones too: the signature is checked before the state) within a few
    seconds share one fetch of a key set the platform marks ``no-store``; then it is fetched
    again, so a key the platform withdraws goes with it."""
    from lti_tool.http import EgressPolicy, OutboundSession
    from lti_tool.lti.platform_keys import MIN_REFETCH_INTERVAL, PlatformKeyCache, PlatformKeyError
    from tests.lti_platform import public_jwk
    from tests.net_support import StandInPlatform

    def serve_keys(*kids: str) -> None:
        stand_in.routes["/jwks"] = (200, {"Content-Type": "application/json", "Cache-Control": "no-store"},
                                    json.dumps({"keys": [public_jwk(pem, kid) for kid in kids]}).encode())

    stand_in, pem = StandInPlatform(), new_rsa_pem()
    cache, url = PlatformKeyCache(), stand_in.base + "/jwks"
    try:
        with OutboundSession(EgressPolicy(https_only=False, allow_hosts=frozenset({"127.0.0.1"}))) as http:
            serve_keys("old")
            assert cache.find(url, "old", http)["kid"] == "old"
            serve_keys()  # the platform withdraws the key
            assert cache.find(url, "old", http)["kid"] == "old"
            assert stand_in.hits == ["/jwks"]
            cache._entries[url].fetched_at -= MIN_REFETCH_INTERVAL + 0.1  # the interval has passed
            with pytest.raises(PlatformKeyError):
                cache.find(url, "old", http)
            assert stand_in.hits == ["/jwks", "/jwks"]
    finally:
        stand_in.close()


def test_a_failed_launch_speaks_the_browsers_language(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    response = client.post("/lti/launch", data={
        "id_token": platform.sign(platform.claims(nonce, exp=1_000_000)), "state": state},
        headers={"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.9"})
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "The launch from the learning platform is not trusted" in page
    assert "The id_token has expired (exp)." in page
