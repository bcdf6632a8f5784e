"""Idempotency keys: a double click, a back-and-resubmit or a retried post records once.

Every form that records something carries a hidden field with a fresh random key
(``form_key_field()`` in the templates). The view that handles the post calls
:func:`replay` before it writes: the first post with a key claims it, in the same
transaction as what it records, and :func:`remember` stores where it sent the
browser. Every later post with that key (a second click, the back button, a retry
by the browser) records nothing and gets that same page. Claiming is an insert
under the table's primary key, so on PostgreSQL a parallel duplicate waits for
the first post's transaction and on SQLite for its write lock: never two winners.

A post without a key (an old page, a script) is handled as before; the unique
constraints behind the views still keep it from recording twice where that matters.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import g, redirect, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, update
from werkzeug.wrappers import Response

from . import web
from .db import upsert_insert
from .errors import ProblemError
from .models import FormSubmission, utcnow

FIELD = "idem"
KEEP = timedelta(days=1)  # longer than a launch token lives: older forms are refused anyway
_VALID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def form_key_field() -> Markup:
    """For templates: the hidden field with a new key, one per rendered form."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(18))


def _submitted_key() -> str | None:
    key = request.form.get(FIELD, "")
    return key if _VALID.fullmatch(key) else None


def replay() -> Response | None:
    """Claim this post's key: ``None`` to go on and record, or the first post's page.

    Call it before anything is written; commit the claim with the records (or let
    the request roll back, which frees the key for the next try).
    """
    key = _submitted_key()
    if key is None:
        return None
    session = web.db_session()
    now = utcnow()
    session.execute(delete(FormSubmission).where(FormSubmission.created_at < now - KEEP))
    claimed = session.execute(upsert_insert(session, FormSubmission).values(
        path=request.path, key=key, created_at=now,
    ).on_conflict_do_nothing().returning(FormSubmission.key)).first()
    if claimed is not None:
        g.form_key = key
        return None
    first = session.get(FormSubmission, (request.path, key))
    location = first.location if first is not None else None
    session.rollback()
    if location is None:
        raise ProblemError(409, _("Dit formulier is al verstuurd"),
                           _("Ga terug en laad de pagina opnieuw."), check="form_key")
    return redirect(_with_launch_token(location), code=303)


def remember(response: Response) -> Response:
    """Store where this post sends the browser, for its duplicates; before the commit."""
    key = g.pop("form_key", None)
    if key is not None and response.location:
        session = web.db_session()
        session.execute(update(FormSubmission)
                        .where(FormSubmission.path == request.path, FormSubmission.key == key)
                        .values(location=_without_launch_token(response.location)))
    return response


def _without_launch_token(location: str) -> str:
    parts = urlsplit(location)
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if name != web.TOKEN_PARAM]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _with_launch_token(location: str) -> str:
    token = g.get("launch_token")
    if not token:
        return location
    parts = urlsplit(location)
    query = [*parse_qsl(parts.query, keep_blank_values=True), (web.TOKEN_PARAM, token)]
    return urlunsplit(parts._replace(query=urlencode(query)))
