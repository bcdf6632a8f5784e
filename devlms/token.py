"""``/devlms/token``: OAuth 2 client credentials with a JWT client assertion."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request

from .common import platform
from .platform import TokenRequestError

log = logging.getLogger(__name__)
bp = Blueprint("token", __name__)


@bp.post("/token")
def token() -> Response:
    conf = platform()
    try:
        answer = conf.get_access_token(request.form.to_dict())
    except TokenRequestError as exc:
        log.info("devlms token request refused",
                 extra={"error": exc.error, "detail": exc.description})
        response = jsonify({"error": exc.error, "error_description": exc.description})
        response.status_code = exc.status
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_client"'
    else:
        response = jsonify(answer)
    # Also after a refusal: a jti spent on a request that failed later stays spent.
    conf.session.commit()
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
