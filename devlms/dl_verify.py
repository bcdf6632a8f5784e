"""Verifying the tool's LtiDeepLinkingResponse, one named check at a time."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import jwt
from sqlalchemy.orm import Session

from lti_tool.settings import Settings

from . import hints, urls
from .constants import CLAIM, DL_CONTENT_ITEMS_CLAIM, DL_DATA_CLAIM
from .platform import CLOCK_LEEWAY, spend_once
from .toolkeys import ToolKeyCache, ToolKeyError
from .tools import ToolRecord, find_tool

DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
LTI_VERSION = "1.3.0"


class DeepLinkError(Exception):
    """The response failed ``check``; shown on a readable 400 page."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass
class DeepLinkResponse:
    tool: ToolRecord
    request: hints.DeepLinkData
    claims: dict[str, t.Any]
    items: list[t.Any]


# PyJWT's errors, most specific first, and the check each one means.
_JWT_CHECKS: list[tuple[type[Exception], str]] = [
    (jwt.InvalidSignatureError, "signature"),
    (jwt.ExpiredSignatureError, "exp"),
    (jwt.InvalidAudienceError, "aud"),
    (jwt.InvalidIssuerError, "iss"),
    (jwt.ImmatureSignatureError, "iat"),
    (jwt.InvalidIssuedAtError, "iat"),
]


def verify_response(session: Session, settings: Settings, tool_keys: ToolKeyCache,
                    token: str) -> DeepLinkResponse:
    """Check the posted ``JWT`` completely; the nonce is spent only when all else holds."""
    if not token:
        raise DeepLinkError("JWT", "the form has no JWT field")
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError as exc:
        raise DeepLinkError("JWT", f"JWT is not a valid signed token: {exc}") from exc
    if header.get("alg") != "RS256":
        raise DeepLinkError("alg", "the JWT must be signed with RS256")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise DeepLinkError("kid", "the JWT header has no kid")
    client_id = unverified.get("iss")
    tool = find_tool(session, settings, client_id) if isinstance(client_id, str) else None
    if tool is None:
        raise DeepLinkError("iss", "iss must be the client_id of a registered tool")
    if not tool.active:
        raise DeepLinkError("tool_status", "this tool is not activated yet")
    try:
        key = tool_keys.key_for(tool.jwks_uri, kid).key
    except ToolKeyError as exc:
        raise DeepLinkError("kid", str(exc)) from exc
    claims = _decode(token, key, settings, tool)
    _check_claims(claims, tool)
    request = _echoed_data(settings, claims, tool)
    items = claims.get(DL_CONTENT_ITEMS_CLAIM, [])
    if not isinstance(items, list):
        raise DeepLinkError("content_items", "content_items must be an array")
    if not spend_once(session, "dl-nonce:" + claims["nonce"], int(claims["exp"])):
        raise DeepLinkError("nonce", "this response (its nonce) was already used")
    return DeepLinkResponse(tool=tool, request=request, claims=claims, items=items)


def _decode(token: str, key: t.Any, settings: Settings, tool: ToolRecord) -> dict[str, t.Any]:
    try:
        return jwt.decode(token, key, algorithms=["RS256"], audience=urls.issuer(settings),
                          issuer=tool.client_id, leeway=CLOCK_LEEWAY,
                          options={"require": ["iss", "aud", "exp", "iat"]})
    except jwt.MissingRequiredClaimError as exc:
        raise DeepLinkError(exc.claim, f"the JWT has no {exc.claim} claim") from exc
    except jwt.InvalidTokenError as exc:
        check = next((name for kind, name in _JWT_CHECKS if isinstance(exc, kind)), "JWT")
        raise DeepLinkError(check, f"JWT rejected: {exc}") from exc


def _check_claims(claims: dict[str, t.Any], tool: ToolRecord) -> None:
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise DeepLinkError("nonce", "nonce is missing")
    expected = [(CLAIM + "deployment_id", "deployment_id", tool.deployment_id),
                (CLAIM + "message_type", "message_type", DEEP_LINKING_RESPONSE),
                (CLAIM + "version", "version", LTI_VERSION)]
    for claim, check, value in expected:
        if claims.get(claim) != value:
            raise DeepLinkError(check, f"{check} must be {value!r}, got "
                                       f"{claims.get(claim, '(missing)')!r}")


def _echoed_data(settings: Settings, claims: dict[str, t.Any],
                 tool: ToolRecord) -> hints.DeepLinkData:
    """The request's ``data``, echoed unchanged: it says who asked, in which course."""
    try:
        request = hints.read_deep_link_data(settings.secret_key, claims.get(DL_DATA_CLAIM, ""))
    except hints.HintError as exc:
        raise DeepLinkError("data", f"data must echo the request's data; it is {exc}") from exc
    if request.client_id != tool.client_id:
        raise DeepLinkError("data", "data belongs to a request to another tool")
    return request
