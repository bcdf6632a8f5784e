"""LTI 1.3 launches: OIDC login initiation and the answer to the tool's auth request.

Two message types: a resource link launch of a placement, and a deep linking
request for a course. Both go to the tool named by the placement or chosen by the
instructor; every tool has its own client_id and deployment_id.
"""

from __future__ import annotations

import typing as t
from urllib.parse import urlencode

from flask import redirect, render_template
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.request import Request
from werkzeug.wrappers import Response

from . import claims, hints
from .constants import CLIENT_ID
from .models import DevCourse, DevPlacement, DevUser
from .platform import DevLmsPlatform
from .seed import course_by_context, placement_by_link

ID_TOKEN_SECONDS = 5 * 60
STORAGE_TARGET = "_parent"  # the launch page itself frames the tool


class AuthRequestError(Exception):
    """The tool's authentication request failed ``check``; shown on a 400 page."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


class DevLmsOIDCLogin(OIDCLoginAbstract):
    """Third-party initiated login: a redirect to the tool's login URL with signed hints."""

    storage_target: str | None = None

    def set_lti_message_hint(self, **kwargs: t.Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def prepare_preflight_url(self, user_id: str) -> str:
        url = super().prepare_preflight_url(user_id)
        if self.storage_target:
            url += "&" + urlencode({"lti_storage_target": self.storage_target})
        return url

    def get_redirect(self, url: str) -> Response:
        return redirect(url, code=302)


def _login(platform: DevLmsPlatform, user: DevUser, hint: str, target_link_uri: str,
           storage: bool) -> Response:
    login = DevLmsOIDCLogin(None, platform)
    login.set_lti_message_hint(hint=hint)
    login.set_launch_url(target_link_uri)
    login.storage_target = STORAGE_TARGET if storage else None
    return login.initiate_login(hints.sign_login_hint(platform.settings.secret_key, user.username))


def start_login(platform: DevLmsPlatform, user: DevUser, placement: DevPlacement, *,
                storage: bool = False) -> Response:
    """Redirect to the tool's login for a resource link launch of ``placement``."""
    hint = hints.sign_message_hint(platform.settings.secret_key, user.username,
                                   placement.resource_link_id, platform.tool.client_id)
    return _login(platform, user, hint, placement.target_link_uri or platform.tool.target_link_uri,
                  storage)


def start_deep_link_login(platform: DevLmsPlatform, user: DevUser, course: DevCourse, *,
                          storage: bool = False) -> Response:
    """Redirect to the tool's login for a deep linking request in ``course``."""
    hint = hints.sign_deep_link_hint(platform.settings.secret_key, user.username,
                                     course.context_id, platform.tool.client_id)
    return _login(platform, user, hint, platform.tool.deep_link_uri, storage)


class DevLmsLaunch(LTIAdvantageMessageLaunchAbstract):
    """Answers the tool's authentication request with a signed id_token.

    ``request`` is None when the claims are built for the Python API (tests).
    """

    _platform_config: DevLmsPlatform

    def __init__(self, request: Request | None, platform_config: DevLmsPlatform) -> None:
        super().__init__(t.cast(Request, request), platform_config)
        self._registration = platform_config.get_registration()
        self.set_id_token_expiration(ID_TOKEN_SECONDS)

    @property
    def platform(self) -> DevLmsPlatform:
        return self._platform_config

    def get_preflight_response(self) -> dict[str, t.Any]:
        assert self._request is not None
        if self._request.method == "POST":
            return self._request.form_data
        return self._request.get_data

    def validate_preflight_response(self, preflight_response: dict[str, t.Any]) -> None:
        """OIDC checks a real platform makes, each failure naming its check."""
        params = {key: str(value) for key, value in preflight_response.items()}
        tool = self.platform.tool
        expected = {"scope": "openid", "response_type": "id_token",
                    "response_mode": "form_post", "prompt": "none", "client_id": tool.client_id}
        for name, value in expected.items():
            if params.get(name) != value:
                raise AuthRequestError(name, f"{name} must be {value!r}, got "
                                             f"{params.get(name, '(missing)')!r}")
        if params.get("redirect_uri") not in tool.redirect_uris:
            raise AuthRequestError("redirect_uri", "redirect_uri must be exactly the registered "
                                                   + " or ".join(tool.redirect_uris))
        if not params.get("nonce"):
            raise AuthRequestError("nonce", "nonce is missing")
        self._redirect_url = params["redirect_uri"]
        secret = self.platform.settings.secret_key
        try:
            username = hints.read_login_hint(secret, params.get("login_hint", ""))
        except hints.HintError as exc:
            raise AuthRequestError("login_hint", f"login_hint is {exc}") from exc
        try:
            message = hints.read_message_hint(secret, params.get("lti_message_hint", ""))
        except hints.HintError as exc:
            raise AuthRequestError("lti_message_hint", f"lti_message_hint is {exc}") from exc
        session = self.platform.session
        user = session.get(DevUser, username)
        if message.user != username or user is None:
            raise AuthRequestError("login_hint", "login_hint and lti_message_hint disagree")
        if (message.client_id or CLIENT_ID) != tool.client_id:
            raise AuthRequestError("lti_message_hint", "lti_message_hint is for another client_id")
        if message.deep_link_context is not None:
            course = course_by_context(session, message.deep_link_context)
            if course is None:
                raise AuthRequestError("lti_message_hint", "the course no longer exists")
            self.configure_deep_linking(user, course)
            return
        placement = placement_by_link(session, message.placement or "")
        if placement is None:
            raise AuthRequestError("lti_message_hint", "the placement no longer exists")
        self.configure(user, placement)

    def configure(self, user: DevUser, placement: DevPlacement) -> None:
        """Set every claim of a resource link launch of ``placement`` by ``user``."""
        claims.resource_link_claims(self, user, placement)

    def configure_deep_linking(self, user: DevUser, course: DevCourse) -> None:
        """Set every claim of a deep linking request in ``course`` by ``user``."""
        claims.deep_linking_claims(self, user, course)

    def render_launch_form(self, launch_data: dict[str, t.Any], **kwargs: t.Any) -> str:
        return render_template("devlms/autopost.html", action=launch_data["launch_url"],
                               id_token=launch_data["id_token"], state=launch_data["state"])
