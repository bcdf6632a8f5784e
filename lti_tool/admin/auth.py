"""The operator's pages (``/admin/...``): who may open them, how often one may try, no framing.

HTTP Basic with the fixed user name ``admin`` and ``ADMIN_TOKEN`` (from :class:`Settings`,
at least 32 characters in production) as password, both compared in constant time. Without
an ``ADMIN_TOKEN`` these pages do not exist (404). Every login attempt is counted per client
network before the password is checked (see :mod:`lti_tool.ratelimit`); a right password
gives its attempt back. Unlike the LTI pages, which the LMS frames, these pages refuse to be
framed. Call :func:`protect` on a blueprint to give it all of this.
"""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import web
from ..models import utcnow
from ..ratelimit import Rule, Window, network_of
from ..security_headers import CONTENT_SECURITY_POLICY

ADMIN_USER = "admin"
LOGIN = Rule("admin-login", (Window(10, timedelta(minutes=15)), Window(50, timedelta(days=1))))
ADMIN_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
}
FORM_MAX_AGE = 3600
log = logging.getLogger(__name__)


def _challenge() -> Response:
    return Response(_("Log in als 'admin' met het beheerderstoken."), 401, mimetype="text/plain",
                    headers={"WWW-Authenticate": 'Basic realm="lti-tool admin", charset="UTF-8"'})


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def require_admin() -> Response | None:
    """``before_request``: the admin's Basic credentials, or a 404/401/429 response."""
    token = web.settings().admin_token
    if not token:
        abort(404)
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return _challenge()  # a browser's first request: nothing tried yet
    network = network_of(request.remote_addr)
    limiter = web.rate_limiter()
    verdict = limiter.attempt([(LOGIN, network)])
    if not verdict.allowed:
        log.warning("admin login throttled", extra={"network": network})
        wait = max(1, int((verdict.locked_until - utcnow()).total_seconds())) \
            if verdict.locked_until else 60
        return Response(_("Te veel mislukte pogingen. Probeer het later opnieuw."), 429,
                        mimetype="text/plain", headers={"Retry-After": str(wait)})
    user_ok = _same(auth.username or "", ADMIN_USER)
    if _same(auth.password or "", token) and user_ok:
        limiter.refund(LOGIN, network)
        return None
    log.warning("admin login refused", extra={"network": network})
    return _challenge()


def _admin_headers(response: Response) -> Response:
    response.headers.update(ADMIN_HEADERS)
    return response


def protect(blueprint: Blueprint) -> None:
    """Every page of ``blueprint`` is for the admin only and never framed."""
    blueprint.before_request(require_admin)
    blueprint.after_request(_admin_headers)


def _forms() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="outbox-admin-form")


def form_token(form: str) -> str:
    """A signed, short-lived token for one admin form (browsers resend Basic credentials
    by themselves, so every form carries one against cross-site requests)."""
    return _forms().dumps(form)


def check_form(form: str) -> None:
    """400 unless the posted ``form_token`` was made for ``form`` within the last hour."""
    try:
        signed_for = _forms().loads(request.form.get("form_token", ""), max_age=FORM_MAX_AGE)
    except BadSignature:
        abort(400, _("Het formulier is verlopen of ongeldig; laad de pagina opnieuw."))
    if signed_for != form:
        abort(400, _("Dit formulier hoort bij een andere actie; laad de pagina opnieuw."))
