"""The LTI 1.3 resource link launch: OIDC login initiation and the id_token message."""

from __future__ import annotations

import typing as t
import uuid

from flask import Response, redirect, render_template
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.request import Request

from . import hints, urls
from .constants import (
    AGS_CLAIM,
    AGS_SCOPES,
    CLAIM,
    CLIENT_ID,
    COURSE_OFFERING,
    LOCALE,
    PLATFORM_NAME,
    PLATFORM_VERSION,
    PRODUCT_FAMILY_CODE,
    ROLES_BY_KIND,
)
from .models import DevPlacement, DevUser
from .platform import DevLmsPlatform
from .seed import placement_by_link, primary_line_item

ID_TOKEN_SECONDS = 5 * 60


class AuthRequestError(Exception):
    """The tool's authentication request failed ``check``; shown on a 400 page."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


class DevLmsOIDCLogin(OIDCLoginAbstract):
    """Third-party initiated login: a redirect to the tool's login URL with signed hints."""

    def set_lti_message_hint(self, **kwargs: t.Any) -> None:
        self._lti_message_hint = hints.sign_message_hint(
            kwargs["secret"], kwargs["username"], kwargs["placement"])

    def get_redirect(self, url: str) -> Response:
        return redirect(url, code=302)


def start_login(platform: DevLmsPlatform, user: DevUser, placement: DevPlacement) -> Response:
    login = DevLmsOIDCLogin(None, platform)
    secret = platform.settings.secret_key
    login.set_lti_message_hint(secret=secret, username=user.username,
                               placement=placement.resource_link_id)
    return login.initiate_login(hints.sign_login_hint(secret, user.username))


class DevLmsLaunch(LTIAdvantageMessageLaunchAbstract):
    """Answers the tool's authentication request with a signed LtiResourceLinkRequest.

    ``request`` is None when the claims are built for the Python API (tests).
    """

    _platform_config: DevLmsPlatform

    def __init__(self, request: Request | None, platform_config: DevLmsPlatform) -> None:
        super().__init__(t.cast(Request, request), platform_config)
        self._registration = platform_config.get_registration()
        self.set_id_token_expiration(ID_TOKEN_SECONDS)

    def get_preflight_response(self) -> dict[str, t.Any]:
        assert self._request is not None
        if self._request.method == "POST":
            return self._request.form_data
        return self._request.get_data

    def validate_preflight_response(self, preflight_response: dict[str, t.Any]) -> None:
        """OIDC checks a real platform makes, each failure naming its check."""
        params = {key: str(value) for key, value in preflight_response.items()}
        expected = {"scope": "openid", "response_type": "id_token",
                    "response_mode": "form_post", "prompt": "none", "client_id": CLIENT_ID}
        for name, value in expected.items():
            if params.get(name) != value:
                raise AuthRequestError(name, f"{name} must be {value!r}, got "
                                             f"{params.get(name, '(missing)')!r}")
        launch_url = urls.tool_launch_url(self._platform_config.settings)
        if params.get("redirect_uri") != launch_url:
            raise AuthRequestError("redirect_uri",
                                   f"redirect_uri must be exactly the registered {launch_url}")
        if not params.get("nonce"):
            raise AuthRequestError("nonce", "nonce is missing")
        self._redirect_url = launch_url
        secret = self._platform_config.settings.secret_key
        try:
            username = hints.read_login_hint(secret, params.get("login_hint", ""))
        except hints.HintError as exc:
            raise AuthRequestError("login_hint", f"login_hint is {exc}") from exc
        try:
            hinted_user, link = hints.read_message_hint(secret, params.get("lti_message_hint", ""))
        except hints.HintError as exc:
            raise AuthRequestError("lti_message_hint", f"lti_message_hint is {exc}") from exc
        session = self._platform_config.session
        user = session.get(DevUser, username)
        if hinted_user != username or user is None:
            raise AuthRequestError("login_hint", "login_hint and lti_message_hint disagree")
        placement = placement_by_link(session, link)
        if placement is None:
            raise AuthRequestError("lti_message_hint", "the placement no longer exists")
        self.configure(user, placement)

    def configure(self, user: DevUser, placement: DevPlacement) -> None:
        """Set every claim of a launch of ``placement`` by ``user``."""
        settings = self._platform_config.settings
        course = placement.course
        self.set_user_data(user.username, ROLES_BY_KIND[user.kind], full_name=user.name,
                           email_address=user.email)
        self.set_resource_link_claim(placement.resource_link_id, title=placement.title)
        self.set_launch_context_claim(course.context_id, context_types=[COURSE_OFFERING],
                                      context_title=course.title, context_label=course.label)
        self.set_launch_presentation_claim(document_target="iframe",
                                           return_url=urls.course_url(settings, course.context_id))
        assert self.lti_claim_launch_presentation is not None
        self.lti_claim_launch_presentation[CLAIM + "launch_presentation"]["locale"] = LOCALE
        self.set_custom_parameters_claim(dict(placement.custom or {}))
        self.set_nrps(urls.memberships_url(settings, course.context_id))
        # Built here: the library's LtiAgs offers lineitem *or* lineitem.readonly, Moodle both.
        ags: dict[str, t.Any] = {"scope": list(AGS_SCOPES),
                                 "lineitems": urls.lineitems_url(settings, course.context_id)}
        line_item = primary_line_item(self._platform_config.session, placement)
        if line_item is not None:
            ags["lineitem"] = urls.lineitem_url(settings, course.context_id, line_item.id)
        names = {"given_name": user.given_name, "family_name": user.family_name}
        self.set_extra_claims({name: value for name, value in names.items() if value})
        self.set_extra_claims({
            AGS_CLAIM: ags,
            CLAIM + "tool_platform": {
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, urls.issuer(settings))),
                "name": PLATFORM_NAME,
                "product_family_code": PRODUCT_FAMILY_CODE,
                "version": PLATFORM_VERSION,
            },
        })

    def render_launch_form(self, launch_data: dict[str, t.Any], **kwargs: t.Any) -> str:
        return render_template("devlms/autopost.html", action=launch_data["launch_url"],
                               id_token=launch_data["id_token"], state=launch_data["state"])
