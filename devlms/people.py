"""Who is using the devlms pages: a signed first-party cookie on the devlms host.

Deliberately not Flask's ``session`` cookie, which belongs to the tool.
"""

from __future__ import annotations

import functools
import typing as t
from urllib.parse import urlparse

from flask import g, redirect, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from lti_tool.web import db_session, settings

from .common import error_page
from .models import DevUser

COOKIE = "devlms_user"
F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(settings().secret_key, salt="devlms-user-cookie")


def current_user() -> DevUser | None:
    if "devlms_user" not in g:
        username = None
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                username = _serializer().loads(raw)
            except BadSignature:
                username = None
        g.devlms_user = db_session().get(DevUser, username) if username else None
    return g.devlms_user


def remember_user(response: Response, username: str | None) -> Response:
    """Set (or with None, clear) the devlms user cookie on ``response``."""
    base = settings().devlms_base_url
    path = urlparse(base).path or "/"
    if username is None:
        response.delete_cookie(COOKIE, path=path)
    else:
        response.set_cookie(COOKIE, _serializer().dumps(username), path=path, httponly=True,
                            samesite="Lax", secure=base.startswith("https://"))
    return response


def requires_user(view: F) -> F:
    """Pages that need someone chosen on the start page; others are sent there."""

    @functools.wraps(view)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        if current_user() is None:
            return redirect(url_for("devlms.pages.start"))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def requires_teacher(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        user = current_user()
        if user is None:
            return redirect(url_for("devlms.pages.start"))
        if user.kind not in {"instructor", "admin"}:
            return error_page(403, "Geen toegang",
                              "Deze pagina is alleen voor docenten en beheerders.", "role")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def requires_admin(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        user = current_user()
        if user is None:
            return redirect(url_for("devlms.pages.start"))
        if user.kind != "admin":
            return error_page(403, "Geen toegang", "Deze pagina is alleen voor beheerders.", "role")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
