"""LTI Dynamic Registration 1.0, platform side.

``GET /.well-known/openid-configuration`` describes the platform; ``POST /register``
takes the tool's registration (Bearer: a one-time ``registration_token``) and adds a
``pending`` tool with a new client_id and deployment_id.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import typing as t
from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lti_tool.settings import Settings
from lti_tool.web import db_session, settings

from . import canvas_mode, urls
from .claims import VARIABLES
from .constants import (
    GRANTABLE_SCOPES,
    PLATFORM_CONFIGURATION,
    PLATFORM_VERSION,
    PRODUCT_FAMILY_CODE,
    TOOL_CONFIGURATION,
)
from .dr_validate import SUPPORTED_MESSAGES, RegistrationError, validate_registration
from .models import DevRegistrationToken, DevTool, as_utc
from .tools import PENDING

log = logging.getLogger(__name__)
bp = Blueprint("registration", __name__)
TOKEN_SECONDS = 3600
CLAIMS_SUPPORTED = ["iss", "sub", "aud", "exp", "iat", "nonce", "azp", "name", "given_name",
                    "family_name", "email", "locale"]


def openid_configuration(settings: Settings) -> dict[str, t.Any]:
    return {
        "issuer": urls.issuer(settings),
        "authorization_endpoint": urls.auth_url(settings),
        "token_endpoint": urls.token_url(settings),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "jwks_uri": urls.jwks_url(settings),
        "registration_endpoint": urls.registration_url(settings),
        "scopes_supported": ["openid", *sorted(GRANTABLE_SCOPES)],
        "response_types_supported": ["id_token"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": CLAIMS_SUPPORTED,
        "subject_types_supported": ["public"],
        PLATFORM_CONFIGURATION: {
            "product_family_code": PRODUCT_FAMILY_CODE,
            "version": PLATFORM_VERSION,
            "messages_supported": [{"type": kind} for kind in SUPPORTED_MESSAGES],
            "variables": list(VARIABLES),
        },
    }


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_registration_token(session: Session, username: str, registration_url: str,
                             behaviour: str = canvas_mode.MOODLE) -> tuple[DevRegistrationToken, str]:
    """A one-time token for one registration attempt; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    row = DevRegistrationToken(token_hash=_hash(token), registration_url=registration_url,
                               created_by=username, behaviour=behaviour,
                               expires_at=datetime.now(UTC) + timedelta(seconds=TOKEN_SECONDS))
    session.add(row)
    session.flush()
    return row, token


def _error(status: int, error: str, description: str, field: str | None = None) -> Response:
    body = {"error": error, "error_description": description}
    if field:
        body["field"] = field
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = f'Bearer error="{error}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _usable_token(session: Session, token: str) -> DevRegistrationToken | None:
    row = session.scalars(select(DevRegistrationToken)
                          .where(DevRegistrationToken.token_hash == _hash(token.strip()))).first()
    if row is None or row.used_at is not None or as_utc(row.expires_at) < datetime.now(UTC):
        return None
    return row


def _bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.get("/.well-known/openid-configuration")
def configuration() -> Response:
    """Moodle's configuration; with a registration token (as Bearer, or in the URL) the
    configuration of the LMS that token's registration behaves as. A token registered as
    Canvas answers only with the token, as Canvas does."""
    config = openid_configuration(settings())
    token = _bearer() or request.args.get("registration_token")
    if token is not None:
        row = _usable_token(db_session(), token)
        if row is None:
            return _error(401, "invalid_token", "the registration_token is unknown, used or expired")
        if canvas_mode.is_canvas(row.behaviour):
            config = canvas_mode.openid_configuration(config, urls.issuer(settings()))
    return _no_store(jsonify(config))


@bp.post("/register")
def register() -> Response:
    session = db_session()
    token = _bearer()
    if not token:
        return _error(401, "invalid_token", "the registration_token is missing (Bearer)")
    row = _usable_token(session, token)
    if row is None:
        return _error(401, "invalid_token", "the registration_token is unknown, used or expired")
    canvas = canvas_mode.is_canvas(row.behaviour)
    try:
        valid = validate_registration(request.get_json(force=True, silent=True))
        placements = canvas_mode.placements(valid.tool_configuration) if canvas else None
    except RegistrationError as exc:
        log.info("devlms registration refused", extra={"field": exc.field})
        return _error(400, exc.error, exc.description, exc.field)
    client_id = "devlms-" + secrets.token_hex(8)
    deployment_id = "deployment-" + secrets.token_hex(4)
    spent = session.execute(
        update(DevRegistrationToken)
        .where(DevRegistrationToken.id == row.id, DevRegistrationToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC), client_id=client_id))
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return _error(401, "invalid_token", "the registration_token was used meanwhile")
    session.add(DevTool(
        client_id=client_id, deployment_id=deployment_id, name=valid.client_name[:300],
        status=PENDING, initiate_login_uri=valid.initiate_login_uri,
        target_link_uri=valid.target_link_uri, deep_link_uri=valid.deep_link_uri,
        jwks_uri=valid.jwks_uri, redirect_uris=valid.redirect_uris, scopes=valid.scopes,
        registration=valid.body, behaviour=row.behaviour, placements=placements))
    session.commit()
    if canvas:
        return _no_store(jsonify(canvas_mode.registration_answer(
            valid.body, valid.tool_configuration, client_id, valid.scopes,
            deployment_id if row.behaviour == canvas_mode.CANVAS else None,
            urls.devlms(settings(), f"/admin/tools/registrations/{row.id}"))))
    answer = {name: value for name, value in valid.body.items() if name != TOOL_CONFIGURATION}
    answer.update({"client_id": client_id, "scope": " ".join(valid.scopes),
                   TOOL_CONFIGURATION: {**valid.tool_configuration,
                                        "deployment_id": deployment_id}})
    return _no_store(jsonify(answer))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
