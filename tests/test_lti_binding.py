"""The login is bound to the browser: by a state cookie, or by LTI Platform Storage."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.lti_platform import TestPlatform


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def login(client, platform, settings, **extra):
    query = {"iss": platform.issuer, "login_hint": "user-1", "client_id": platform.client_id,
             "target_link_uri": settings.base_url + "/lti/launch", "lti_message_hint": "rl-1", **extra}
    return client.get("/lti/login", query_string=query)


def state_and_nonce(url: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(url).query)
    return query["state"][0], query["nonce"][0]


def test_state_cookie_is_partitioned_and_secure_on_loopback(client, platform, settings):
    response = login(client, platform, settings)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie
    assert "HttpOnly" in cookie and "Path=/lti/" in cookie


def test_without_cookie_or_storage_the_learner_is_sent_to_a_new_window(app, client, platform, settings):
    state, nonce = state_and_nonce(login(client, platform, settings).headers["Location"])
    cookieless = app.test_client()
    response = cookieless.post("/lti/launch", data={
        "id_token": platform.sign(platform.claims(nonce)), "state": state},
        headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and "<code>state_binding</code>" in page
    link = unescape(re.search(r'href="([^"]*lti1p3_new_window[^"]*)"', page).group(1))
    query = parse_qs(urlsplit(link).query)
    assert query["iss"] == [platform.issuer] and query["login_hint"] == ["user-1"]
    assert query["lti_message_hint"] == ["rl-1"] and query["lti1p3_new_window"] == ["1"]
    # The refused attempt did not use up the login: the right browser can still finish it.
    assert client.post("/lti/launch", data={
        "id_token": platform.sign(platform.claims(nonce)), "state": state}).status_code == 303


def test_a_foreign_state_cookie_is_refused(app, client, platform, settings):
    state, nonce = state_and_nonce(login(client, platform, settings).headers["Location"])
    other = app.test_client()
    other.set_cookie("lti-state-" + state[-32:], "state-of-someone-else", path="/lti/")
    response = other.post("/lti/launch", data={"id_token": platform.sign(platform.claims(nonce)),
                                               "state": state}, headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.get_json()["check"] == "state"


def test_platform_storage_round_trip(app, client, platform, settings):
    page = login(client, platform, settings, lti_storage_target="_parent")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-mode="put"' in html and 'data-target="_parent"' in html
    assert f'data-platform-origin="{platform.issuer}"' in html
    next_url = unescape(re.search(r'data-next="([^"]+)"', html).group(1))
    state, nonce = state_and_nonce(next_url)
    assert f'data-value="{state}"' in html
    token = platform.sign(platform.claims(nonce))

    cookieless = app.test_client()  # a browser that dropped the cookie, but has platform storage
    first = cookieless.post("/lti/launch", data={"id_token": token, "state": state})
    assert first.status_code == 200
    assert 'data-mode="get"' in first.get_data(as_text=True)
    wrong = cookieless.post("/lti/launch", data={"id_token": token, "state": state,
                                                 "lti_storage_state": "something-else"},
                            headers={"Accept": "application/json"})
    assert wrong.status_code == 401 and wrong.get_json()["check"] == "state_binding"
    right = cookieless.post("/lti/launch", data={"id_token": token, "state": state,
                                                 "lti_storage_state": state})
    assert right.status_code == 303 and "/learn" in right.headers["Location"]
    replay = cookieless.post("/lti/launch", data={"id_token": token, "state": state,
                                                  "lti_storage_state": state},
                             headers={"Accept": "application/json"})
    assert replay.status_code == 401 and replay.get_json()["check"] == "state"
