"""Request plumbing shared by every blueprint: database session, launch token, URLs.

After an LTI launch, browsers inside a cross-site LMS iframe may drop every cookie,
so each following request names its launch with a signed, short-lived token ``lt``
(in the query string, a hidden form field or the ``X-Launch-Token`` header). The
token is unguessable and never in a cookie, so it doubles as the CSRF token for
every form that carries it.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask.sessions import SessionInterface, SessionMixin
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import Database
from .errors import ProblemError
from .http import EgressPolicy, OutboundSession
from .launch_context import Launch, launch_of
from .models import (
    CourseContext,
    LaunchSession,
    Learner,
    LrsSettings,
    Organisation,
    PlatformRegistration,
    ResourceLink,
    as_utc,
    utcnow,
)
from .ratelimit import RateLimiter
from .settings import Settings

TOKEN_PARAM = "lt"  # noqa: S105 - a parameter name, not a secret
TOKEN_HEADER = "X-Launch-Token"  # noqa: S105
F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


def settings() -> Settings:
    return current_app.extensions["settings"]


def egress_policy() -> EgressPolicy:
    """The egress policy for calls made while serving this request."""
    return EgressPolicy.from_settings(settings())


_outbound = threading.local()


def outbound_session() -> OutboundSession:
    """This thread's outgoing session for the app's settings, made once and kept: making one
    (its adapters and pools) cost more CPU than a launch's checks, and a kept one reuses its
    connections (e.g. to a platform's JWKS). New settings (another app) get a new one."""
    current = settings()
    kept = getattr(_outbound, "kept", None)
    if kept is None or kept[0] is not current:
        kept = _outbound.kept = (current, OutboundSession(egress_policy()))
    return kept[1]


class NoCookieSessions(SessionInterface):
    """The tool keeps nothing in Flask's cookie session (the launch token and the server-side
    stores do that job), so no request reads, verifies or signs a session cookie; writing to
    ``flask.session`` raises (Flask's null session)."""

    def open_session(self, app: Flask, request: Any) -> SessionMixin:
        return self.make_null_session(app)

    def save_session(self, app: Flask, session: SessionMixin, response: Any) -> None:
        return None


def database() -> Database:
    return current_app.extensions["db"]


def rate_limiter() -> RateLimiter:
    return current_app.extensions["rate_limiter"]


def db_session() -> Session:
    """The request's session; rolled back and closed at teardown unless committed."""
    if "db_session" not in g:
        g.db_session = database().session_factory()
    return g.db_session


def close_db_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back what was not committed


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings().secret_key, salt="launch-token")


def issue_launch_token(session_id: str) -> str:
    return _serializer().dumps(session_id)


def launch_session_expiry(now: datetime | None = None) -> datetime:
    return (now or utcnow()) + timedelta(seconds=settings().launch_token_max_age)


def _token_from_request() -> str | None:
    return (request.headers.get(TOKEN_HEADER) or request.form.get(TOKEN_PARAM)
            or request.args.get(TOKEN_PARAM))


def _expired(session_id: Any, check: str) -> ProblemError:
    """The expired-session page: what happened, that typed text is kept, and the way back.

    A form with a text (a reflection) is kept in the browser by ``keep-text.js``; the page
    says so. The link back goes to the LMS page the launch came from, when the platform
    named one (the launch's own, signed, ``return_url``).
    """
    detail = ("Je sessie stopt vanzelf na een paar uur. Ga terug naar je leeromgeving en open "
              "de activiteit daar opnieuw.")
    if request.method == "POST" and request.form.get("text", "").strip():
        detail = ("Je sessie stopt vanzelf na een paar uur. Daarom is je tekst nog niet bewaard. "
                  "Hij is niet weg: deze browser onthoudt hem. Ga terug naar je leeromgeving en "
                  "open de activiteit daar opnieuw. Dan staat je tekst weer klaar en kun je hem "
                  "bewaren.")
    row = db_session().get(LaunchSession, session_id) if isinstance(session_id, str) else None
    back = row.return_url if row is not None else None
    action = (back, "Terug naar de leeromgeving") \
        if back and back.startswith(("https://", "http://")) else None
    return ProblemError(401, "Je sessie is verlopen", detail, check=check, action=action)


def current_launch() -> Launch:
    """The launch this request belongs to, or a 401 that says what is wrong."""
    if "launch" in g:
        return g.launch
    token = _token_from_request()
    if not token:
        raise ProblemError(401, "Niet gestart vanuit de leeromgeving",
                           "Open deze pagina via de link in je leeromgeving.", check="launch_token")
    try:
        session_id = _serializer().loads(token, max_age=settings().launch_token_max_age)
    except SignatureExpired as exc:
        raise _expired(exc.payload, "launch_token_expired") from exc
    except BadSignature as exc:
        raise ProblemError(401, "Ongeldige sessie", "De sessiecode klopt niet.",
                           check="launch_token_signature") from exc
    rows = load_launch_session(db_session(), session_id)
    if rows is None or as_utc(rows.session.expires_at) < utcnow():
        raise _expired(session_id, "launch_session")
    g.launch = _launch(rows.session, rows.learner, rows.registration, rows.link)
    g.launch_token = token
    return g.launch


class LaunchRows(NamedTuple):
    """A launch session with the rows a page reads of it (see ``load_launch_session``)."""

    session: LaunchSession
    learner: Learner
    registration: PlatformRegistration
    organisation: Organisation
    context: CourseContext | None
    link: ResourceLink | None
    lrs: LrsSettings | None


def load_launch_session(session: Session, session_id: str) -> LaunchRows | None:
    """The launch session with everything a page reads of it, in one query: its learner,
    registration and organisation (for the header), course context, resource link and the
    organisation's LRS settings (for xAPI). They stay in the request's identity map, so
    later ``session.get`` calls (branding, the xAPI actor, ``enabled_lrs``) and the launch
    session's many-to-one relationships cost no query. Call inside a request (the rows are
    kept on ``flask.g``)."""
    row = session.execute(_launch_statement(), {"session_id": session_id}).first()
    if row is None:
        return None
    # The session's identity map holds its objects weakly: keep them for this request.
    g.launch_rows = rows = LaunchRows(*row)
    return rows


@functools.cache
def _launch_statement() -> Select[LaunchSession, Learner, PlatformRegistration, Organisation,
                                  CourseContext, ResourceLink, LrsSettings]:
    """``load_launch_session``'s query, built once and run with the session id bound. Seven
    entities side by side, joined by their keys: mapping them so costs about a quarter less
    CPU than the launch session with joined eager loads of the others (issue 16)."""
    return (select(LaunchSession, Learner, PlatformRegistration, Organisation, CourseContext,
                   ResourceLink, LrsSettings)
            .join(Learner, Learner.id == LaunchSession.learner_id)
            .join(PlatformRegistration, PlatformRegistration.id == LaunchSession.registration_id)
            .join(Organisation, Organisation.id == PlatformRegistration.organisation_id)
            .outerjoin(CourseContext, CourseContext.id == LaunchSession.context_id)
            .outerjoin(ResourceLink, ResourceLink.id == LaunchSession.resource_link_id)
            .outerjoin(LrsSettings, LrsSettings.organisation_id == Learner.organisation_id)
            .where(LaunchSession.id == bindparam("session_id")))


def launch_from_row(row: LaunchSession) -> Launch:
    """The launch's facts; refused when its learner is of another organisation than its
    registration, so every query by ``learner_id`` stays inside the launch's organisation."""
    return _launch(row, row.learner, row.registration, row.resource_link)


def _launch(row: LaunchSession, learner: Learner, registration: PlatformRegistration,
            link: ResourceLink | None) -> Launch:
    if learner.organisation_id != registration.organisation_id:
        raise ProblemError(403, gettext("Geen toegang"),
                           gettext("Deze sessie hoort bij een andere organisatie. Open de activiteit "
                                   "opnieuw vanuit je leeromgeving."), check="organisation")
    return launch_of(row, learner, registration, link)


def retry_once_on_conflict(view: F) -> F:
    """Run the view again when a parallel request wrote the same unique row first.

    The views write idempotently (insert-or-ignore, upserts, idempotency keys); this
    is the net under any race they missed: the transaction rolls back and the second
    run sees the other request's row, so the person gets the page for what is now
    stored instead of a 500.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except IntegrityError as exc:
            db_session().rollback()
            log.info("write conflict, trying once more", extra={"constraint": str(exc.orig)[:200]})
            return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def requires_launch(view: F) -> F:
    """Resolve the launch before the view runs (401 page without a valid token)."""
    retrying = retry_once_on_conflict(view)

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        current_launch()
        return retrying(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def requires_instructor(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_launch().is_instructor:
            raise ProblemError(403, "Geen toegang",
                               "Deze pagina is alleen voor docenten en trainers.", check="role")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def launch_url(endpoint: str, **values: Any) -> str:
    """``url_for`` that carries the current launch token along, as the last query value
    (where ``url_for`` itself would put it, before an ``_anchor``)."""
    token = g.get("launch_token")
    if not token:
        return url_for(endpoint, **values)
    url, hash_mark, anchor = url_for(endpoint, **values).partition("#")
    return f"{url}{'&' if '?' in url else '?'}{_token_query(token)}{hash_mark}{anchor}"


@functools.lru_cache(maxsize=1024)
def _token_query(token: str) -> str:
    """``lt=<token>`` encoded as ``url_for`` encodes a query (werkzeug's safe characters):
    once per token, not for every link of a page (a course page has about 20; issue 16)."""
    return urlencode([(TOKEN_PARAM, token)], safe="!$'()*,/:;?@")


def launch_token() -> str:
    """For templates: the hidden form field value."""
    return g.get("launch_token", "")
