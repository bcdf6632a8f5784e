"""What reaches logs, headers and error pages: no invite tokens, no client-chosen request ids,
no internal fetch errors."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import free_port

from lti_tool.logging_setup import JsonFormatter
from lti_tool.lti.platform_keys import platform_keys
from tests.lti_platform import TestPlatform, start_login
from tests.samenleer_support import invite_link, invite_path, new_track, professional


def _request_lines(caplog) -> list[str]:
    return [JsonFormatter().format(r) for r in caplog.records if r.name == "lti_tool.request"]


def test_invite_tokens_never_reach_the_request_log(app, client, caplog):
    pro = professional(app)
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    token = path.rsplit("/", 1)[1]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="lti_tool.request"):
        assert client.get(path + "/").status_code == 200
        assert client.get(path + "/no-such-page").status_code == 404  # no route: still redacted
        assert client.post(path + "/", data={"code": "9999", "repeat": "1"}).status_code == 400
    lines = _request_lines(caplog)
    assert len(lines) == 3
    assert all(token not in line for line in lines)
    assert [json.loads(line)["path"] for line in lines] == [
        "/s/[redacted]/", "/s/[redacted]/no-such-page", "/s/[redacted]/"]


def test_registration_link_tokens_never_reach_the_request_log(app, client, settings, caplog):
    from tests.registration_support import registration_link

    link = registration_link(app, settings)
    token = link.rsplit("/", 1)[1]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="lti_tool.request"):
        client.get("/lti/register/" + token)  # no openid_configuration: refused, but logged
    lines = _request_lines(caplog)
    assert lines and all(token not in line for line in lines)
    assert json.loads(lines[0])["path"] == "/lti/register/[redacted]"


@pytest.mark.parametrize("given", [
    "abc\x01defghij", "<script>alert(1)</script>", "a" * 65, "short", "id with spaces in it",
    "ok-looking-id\r\nX-Injected: 1"])
def test_odd_request_ids_are_replaced(client, caplog, given):
    with caplog.at_level(logging.INFO, logger="lti_tool.request"):
        try:
            response = client.get("/health", headers={"X-Request-ID": given})
        except ValueError:
            return  # the HTTP layer itself refuses a header with a line break
    returned = response.headers["X-Request-ID"]
    assert returned != given and len(returned) == 32 and int(returned, 16) >= 0
    assert given not in "".join(_request_lines(caplog))


def test_a_plain_request_id_is_kept(client):
    for given in ("abcdef123456", "7f3e2a10-5b7c-4d8e-9f00-1a2b3c4d5e6f", "req.2024:01_a"):
        assert client.get("/health", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given


def test_launch_error_page_hides_why_the_platform_keys_could_not_be_fetched(app, client, settings,
                                                                           caplog):
    port = free_port()  # nothing listens here
    platform = TestPlatform(issuer=f"http://127.0.0.1:{port}")
    platform.register(app.extensions["db"])
    platform_keys._entries.pop(platform.jwks_url, None)
    state, nonce = start_login(client, platform, settings.base_url)
    with caplog.at_level(logging.INFO):
        response = client.post("/lti/launch", data={"id_token": platform.sign(platform.claims(nonce)),
                                                    "state": state},
                               headers={"Accept": "application/json"})
    problem = response.get_json()
    assert response.status_code == 401 and problem["check"] == "jwks"
    assert "konden niet worden opgehaald" in problem["detail"]
    for internal in (str(port), "127.0.0.1", "Connection", "HTTPConnectionPool"):
        assert internal not in json.dumps(problem)
    logged = [r for r in caplog.records if r.getMessage() == "platform keys unavailable"]
    assert logged and str(port) in logged[0].detail
