"""lti1p3platform adapted to Flask and to this devlms.

The library brings the platform configuration, the registration and the token
logic but only ships Django and FastAPI adapters. This module adds the Flask
request adapter and a platform configuration backed by the devlms's tables, and
fixes where the library is too lenient: it verifies client assertions with
``verify_aud: False``, never checks ``iss``/``sub``/``jti``, fetches the tool's
key set once and forever, and its access tokens carry no audience.
"""

from __future__ import annotations

import time
import typing as t
import uuid
from datetime import UTC, datetime, timedelta

import flask
import jwt
from lti1p3platform.exceptions import LtiException
from lti1p3platform.ltiplatform import AccessTokenResponse, LTI1P3PlatformConfAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lti_tool.settings import Settings

from . import urls
from .constants import GRANTABLE_SCOPES
from .keys import ensure_key
from .models import DevUsedAssertion
from .toolkeys import ToolKeyCache, ToolKeyError
from .tools import ToolRecord, builtin_tool, find_tool

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACCESS_TOKEN_SECONDS = 3600
ACCESS_TOKEN_TYP = "at+jwt"  # noqa: S105 - a JWT type (RFC 9068), not a secret
CLOCK_LEEWAY = 5


class TokenRequestError(Exception):
    """An RFC 6749 error answer from the token endpoint."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = 401 if error == "invalid_client" else 400


class FlaskRequest(Request):
    """lti1p3platform's view of a Flask request."""

    def build_metadata(self, request: flask.Request) -> TRequest:
        return {
            "method": request.method,
            "form_data": request.form.to_dict(),
            "get_data": request.args.to_dict(),
            "headers": request.headers,
            "content_type": request.content_type,
            "path": request.path,
            "json": request.get_json(silent=True),
        }


class DevLmsRegistration(Registration):
    """The library derives the kid by parsing the PEM on every signature; we stored it."""

    def __init__(self, kid: str) -> None:
        self._kid = kid

    def get_kid(self) -> str:
        return self._kid


class DevLmsPlatform(LTI1P3PlatformConfAbstract):
    """The devlms as an LTI 1.3 platform, speaking to one tool (client_id) at a time.

    ``tool`` defaults to the built-in tool; the token endpoint picks the tool named by
    the client assertion.
    """

    session: Session
    settings: Settings
    tool_keys: ToolKeyCache
    tool: ToolRecord

    def init_platform_config(self, **kwargs: t.Any) -> None:
        self.session = kwargs["session"]
        self.settings = kwargs["settings"]
        self.tool_keys = kwargs["tool_keys"]
        self.tool = kwargs.get("tool") or builtin_tool(self.settings)
        self._jwt_verify_options: jwt.types.Options = {"require": ["iss", "sub", "aud", "exp", "iat", "jti"]}

    def get_registration_by_params(self, **kwargs: t.Any) -> Registration:
        key = ensure_key(self.session)
        registration = DevLmsRegistration(key.kid)
        (registration
         .set_iss(urls.issuer(self.settings))
         .set_client_id(self.tool.client_id)
         .set_deployment_id(self.tool.deployment_id)
         .set_launch_url(self.tool.target_link_uri)
         .set_oidc_login_url(self.tool.login_url)
         .set_platform_private_key(key.private_pem)
         .set_tool_key_set_url(self.tool.jwks_uri))
        return registration

    def select_tool_for_assertion(self, assertion: str) -> None:
        """Speak to the tool whose client_id the assertion names (verified afterwards)."""
        try:
            claimed = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.InvalidTokenError as exc:
            raise TokenRequestError("invalid_client", f"assertion rejected: {exc}") from exc
        client_id = claimed.get("iss") if isinstance(claimed.get("iss"), str) else None
        tool = find_tool(self.session, self.settings, client_id) if client_id else None
        if tool is None:
            raise TokenRequestError("invalid_client", "the assertion names no registered client_id")
        if not tool.active:
            raise TokenRequestError("invalid_client", "this tool is not activated yet")
        self.tool = tool
        self._registration = None

    def get_tool_public_key(self) -> t.Any:
        """The key named by the assertion's kid, from the (cached) tool JWKS."""
        header = self._jwt.get("header") or {}
        if header.get("alg") != "RS256":
            raise LtiException("the assertion must be signed with RS256")
        kid = header.get("kid")
        if not kid or not isinstance(kid, str):
            raise LtiException("the assertion header has no kid")
        url = self.get_registration().get_tool_key_set_url()
        assert url is not None
        try:
            return self.tool_keys.key_for(url, kid).key
        except ToolKeyError as exc:
            raise LtiException(str(exc)) from exc

    def tool_validate_and_decode(self, jwt_token_string: str) -> dict[str, t.Any]:
        """Verify a tool-signed JWT fully: signature, aud = token URL, iss = sub = client_id."""
        self.validate_jwt_format(jwt_token_string)
        key = self.get_tool_public_key()
        try:
            claims = jwt.decode(
                jwt_token_string, key, algorithms=["RS256"],
                audience=urls.token_url(self.settings), issuer=self.tool.client_id,
                options=self._jwt_verify_options, leeway=CLOCK_LEEWAY)
        except jwt.InvalidTokenError as exc:
            raise LtiException(f"assertion rejected: {exc}") from exc
        if claims.get("sub") != self.tool.client_id:
            raise LtiException("assertion sub must equal the client_id")
        return claims

    def get_access_token(self, token_request_data: dict[str, t.Any]) -> AccessTokenResponse:
        """Client-credentials grant with a JWT client assertion (IMS Security Framework)."""
        if token_request_data.get("grant_type") != "client_credentials":
            raise TokenRequestError("unsupported_grant_type",
                                    "grant_type must be client_credentials")
        if token_request_data.get("client_assertion_type") != ASSERTION_TYPE:
            raise TokenRequestError("invalid_client",
                                    f"client_assertion_type must be {ASSERTION_TYPE}")
        assertion = token_request_data.get("client_assertion")
        if not assertion:
            raise TokenRequestError("invalid_request", "client_assertion is missing")
        requested = str(token_request_data.get("scope") or "").split()
        if not requested:
            raise TokenRequestError("invalid_request", "scope is missing")
        self.select_tool_for_assertion(str(assertion))
        registration = self.get_registration()
        try:
            claims = self.tool_validate_and_decode(assertion)
        except LtiException as exc:
            raise TokenRequestError("invalid_client", str(exc)) from exc
        self._spend_jti(str(claims["jti"]), int(claims["exp"]))
        granted = [scope for scope in dict.fromkeys(requested)
                   if scope in GRANTABLE_SCOPES and scope in self.tool.scopes]
        if not granted:
            raise TokenRequestError("invalid_scope", "none of the requested scopes is available")
        scope = " ".join(granted)
        now = int(time.time())
        access_token = Registration.encode_and_sign(
            {"iss": registration.get_iss(), "aud": registration.get_iss(),
             "sub": self.tool.client_id, "client_id": self.tool.client_id, "scope": scope,
             "jti": uuid.uuid4().hex,
             "iat": now, "exp": now + ACCESS_TOKEN_SECONDS},
            t.cast(str, registration.get_platform_private_key()),
            headers={"kid": registration.get_kid(), "typ": ACCESS_TOKEN_TYP},
        )
        return {"access_token": access_token, "token_type": "Bearer",
                "expires_in": ACCESS_TOKEN_SECONDS, "scope": scope}

    def _spend_jti(self, jti: str, exp: int) -> None:
        """Each assertion works once; remembered until it would have expired anyway."""
        if not spend_once(self.session, jti, exp):
            raise TokenRequestError("invalid_client", "assertion jti was already used")


def spend_once(session: Session, key: str, exp: int) -> bool:
    """Remember ``key`` until ``exp`` (+ leeway); False when it was seen before."""
    now = datetime.now(UTC)
    session.execute(delete(DevUsedAssertion).where(DevUsedAssertion.expires_at < now))
    expires = datetime.fromtimestamp(exp, UTC) + timedelta(seconds=CLOCK_LEEWAY)
    try:
        with session.begin_nested():
            session.add(DevUsedAssertion(jti=key[:255], expires_at=expires))
    except IntegrityError:
        return False
    return True
