"""Absolute URLs of the devlms and of the tool, always built from the settings.

The devlms and the tool share one server but answer on different host names, so
``request.host`` would give the wrong one half of the time.
"""

from __future__ import annotations

from urllib.parse import quote

from lti_tool.settings import Settings


def devlms(settings: Settings, path: str = "") -> str:
    return settings.devlms_base_url.rstrip("/") + path


def issuer(settings: Settings) -> str:
    return devlms(settings)


def auth_url(settings: Settings) -> str:
    return devlms(settings, "/auth")


def token_url(settings: Settings) -> str:
    return devlms(settings, "/token")


def jwks_url(settings: Settings) -> str:
    return devlms(settings, "/jwks")


def course_url(settings: Settings, context_id: str) -> str:
    return devlms(settings, f"/course/{quote(context_id, safe='')}")


def lineitems_url(settings: Settings, context_id: str) -> str:
    return devlms(settings, f"/ags/{quote(context_id, safe='')}/lineitems")


def lineitem_url(settings: Settings, context_id: str, lineitem_id: int) -> str:
    return f"{lineitems_url(settings, context_id)}/{lineitem_id}"


def memberships_url(settings: Settings, context_id: str) -> str:
    return devlms(settings, f"/nrps/{quote(context_id, safe='')}/memberships")


def deep_link_return_url(settings: Settings) -> str:
    return devlms(settings, "/deep-linking/return")


def openid_configuration_url(settings: Settings) -> str:
    return devlms(settings, "/.well-known/openid-configuration")


def registration_url(settings: Settings) -> str:
    return devlms(settings, "/register")


def tool_login_url(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/lti/login"


def tool_launch_url(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/lti/launch"


def tool_jwks_url(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/lti/jwks"
