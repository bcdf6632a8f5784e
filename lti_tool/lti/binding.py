"""Binding a login to the browser that started it (against login CSRF).

The OIDC ``state`` must come back from the same browser. Two ways to check that:
  * a state cookie: ``Secure; SameSite=None; Partitioned`` (CHIPS), which browsers keep
    in a cross-site iframe even when they block third-party cookies; or
  * LTI Platform Storage: where the platform offers ``lti_storage_target`` (Canvas does),
    the state is stored in the platform's window with ``lti.put_data`` at login and read
    back with ``lti.get_data`` at launch.
When neither works (an old browser with all iframe cookies off and no platform storage),
the tool asks the learner to open the activity in a new window.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Request
from werkzeug.wrappers import Response

COOKIE_PREFIX = "lti-state-"
COOKIE_SECONDS = 10 * 60
STORAGE_KEY_PREFIX = "werkbegeleiding-state-"
STORAGE_FIELD = "lti_storage_state"
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}
LOGIN_PARAMS = ("iss", "login_hint", "lti_message_hint", "client_id", "target_link_uri",
                "lti_deployment_id")


def is_secure_context(request: Request) -> bool:
    """Browsers treat https and loopback http as secure, so Secure cookies work there."""
    return request.is_secure or (request.host.rsplit(":", 1)[0] in LOOPBACK)


def cookie_name(state: str) -> str:
    return COOKIE_PREFIX + state[-32:]


def set_state_cookie(response: Response, request: Request, state: str) -> None:
    if is_secure_context(request):
        response.set_cookie(cookie_name(state), state, max_age=COOKIE_SECONDS, path="/lti/",
                            secure=True, httponly=True, samesite="None", partitioned=True)
    else:
        response.set_cookie(cookie_name(state), state, max_age=COOKIE_SECONDS, path="/lti/",
                            httponly=True, samesite="Lax")


def state_from_cookie(request: Request, state: str) -> str | None:
    return request.cookies.get(cookie_name(state))


def storage_key(state: str) -> str:
    return STORAGE_KEY_PREFIX + state[-32:]


def new_window_login_url(login_url: str, login_params: dict[str, str]) -> str:
    params = {k: v for k, v in login_params.items() if k in LOGIN_PARAMS and v}
    params["lti1p3_new_window"] = "1"
    return login_url + "?" + urlencode(params)
