"""Bearer access tokens on the AGS and NRPS endpoints: 401 without, 403 with too little."""

from __future__ import annotations

import functools
import typing as t

import jwt
from flask import Response, jsonify, request

from lti_tool.web import db_session, settings

from . import urls
from .keys import key_by_kid
from .platform import ACCESS_TOKEN_TYP, CLOCK_LEEWAY

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def _refusal(status: int, error: str, description: str) -> Response:
    response = jsonify({"error": error, "error_description": description})
    response.status_code = status
    response.headers["WWW-Authenticate"] = f'Bearer error="{error}"'
    return response


def _token_scopes() -> set[str] | str:
    """The scopes of the request's valid access token, or why there is none."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return "missing bearer token"
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        return "malformed token"
    key = key_by_kid(db_session(), str(header.get("kid", "")))
    if key is None or header.get("typ") != ACCESS_TOKEN_TYP:
        return "not an access token of this platform"
    issuer = urls.issuer(settings())
    try:
        claims = jwt.decode(token, jwt.PyJWK(key.public_jwk).key, algorithms=["RS256"],
                            audience=issuer, issuer=issuer, leeway=CLOCK_LEEWAY,
                            options={"require": ["exp", "iat", "scope", "sub"]})
    except jwt.InvalidTokenError as exc:
        return f"invalid token: {exc}"
    return set(str(claims["scope"]).split())


def requires_scope(*accepted: str) -> t.Callable[[F], F]:
    """Allow the view when the bearer token holds any one of ``accepted``."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            scopes = _token_scopes()
            if isinstance(scopes, str):
                return _refusal(401, "invalid_token", scopes)
            if not scopes.intersection(accepted):
                return _refusal(403, "insufficient_scope",
                                "the token lacks the scope " + " or ".join(accepted))
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
