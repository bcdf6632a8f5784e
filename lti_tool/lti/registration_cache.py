"""A per-process cache of the OIDC login's registration read, kept current through Redis.

The login only needs a registration's issuer, client id and login URL to send the browser
to the platform; the launch reads and checks the registration and its deployments in the
database every time, so a switched-off registration or deployment is refused there whatever
a login saw. With Redis configured, a *generation* token in Redis names the registrations'
current state: every commit that changed a registration or a deployment (in any process:
the CLI, dynamic registration, the first launch that claims its deployment) sets a new
random token after it committed, and a cached entry is used only while the token it was
read under is still the current one. The login reads the token in the same round trip as
its state and nonce write; when it changed, the login is done again from the database.

Why it holds:

* an entry records the token read *before* its row was read, so a change that commits
  after that read is marked by a newer token than the entry's: an entry never passes for
  current while it is older than a committed change whose new token was set;
* the token is random, not a counter, so a Redis that lost its data (restart, eviction)
  can never hand out an old value again: a missing token is set anew and misses everything;
* nothing is cached for an issuer and client id without an active registration: a new
  registration works at the next login;
* a change whose new token could not be set (Redis down just after the commit, a row edited
  by hand in SQL) is seen after :data:`ENTRY_SECONDS` at the latest.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from ..db import Database
from ..models import Deployment, PlatformRegistration
from .tool_conf import RegistrationRecord

GENERATION_KEY = "lti-tool:registrations:generation"
ENTRY_SECONDS = 60.0
_WATCHED = (PlatformRegistration, Deployment)
_WATCHED_TABLES = frozenset(model.__table__ for model in _WATCHED)
_CHANGED = "lti_registrations_changed"  # a flag in Session.info until the commit
log = logging.getLogger(__name__)


class RegistrationGeneration:
    """The registrations' generation token in Redis (``key``, default :data:`GENERATION_KEY`)."""

    def __init__(self, client: Any, key: str | None = None) -> None:
        self._redis = client
        self.key = key or GENERATION_KEY

    @classmethod
    def from_url(cls, url: str) -> RegistrationGeneration:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    def read(self) -> str:
        """The current token; a missing one is set first (atomically: racing processes agree)."""
        pipe = self._redis.pipeline(transaction=True)
        pipe.set(self.key, uuid.uuid4().hex, nx=True)
        pipe.get(self.key)
        return pipe.execute()[1].decode()

    def bump(self) -> None:
        """A new token: every entry read under an older one is out of date."""
        self._redis.set(self.key, uuid.uuid4().hex)


@dataclass(frozen=True)
class CachedRegistration:
    """A registration as a login read it, with the token read just before it."""

    generation: str
    record: RegistrationRecord
    stored_at: float


class LoginRegistrations:
    """The login's registration records by (issuer, client id), each with its token.

    Only active registrations are kept: at most one entry per registration (and one per
    issuer for logins without a client id), so outside input cannot grow it.
    """

    def __init__(self, generation: RegistrationGeneration) -> None:
        self.generation = generation
        self._entries: dict[tuple[str, str | None], CachedRegistration] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_redis(cls, database: Database, redis_url: str) -> LoginRegistrations:
        """The cache for an app on ``database`` with Redis at ``redis_url``; from now on every
        registration or deployment change committed through ``database`` sets a new token."""
        generation = RegistrationGeneration.from_url(redis_url)
        watch_registration_changes(database, generation)
        return cls(generation)

    def cached(self, iss: str, client_id: str | None) -> CachedRegistration | None:
        entry = self._entries.get((iss, client_id))
        if entry is None or time.monotonic() - entry.stored_at > ENTRY_SECONDS:
            return None
        return entry

    def read_through(self, iss: str, client_id: str | None,
                     read: Callable[[], RegistrationRecord | None]) -> tuple[RegistrationRecord | None, str]:
        """``read()`` from the database after reading the token, and keep a found record under
        that token. Returns the record and the token."""
        generation = self.generation.read()  # before the row: see the module's docstring
        record = read()
        if record is not None:
            with self._lock:
                self._entries[(iss, client_id)] = CachedRegistration(generation, record, time.monotonic())
        return record, generation

    def forget_older_than(self, generation: str | None) -> None:
        """Drop every entry not read under ``generation`` (the token just seen; ``None``: unset)."""
        with self._lock:
            self._entries = {key: entry for key, entry in self._entries.items()
                             if entry.generation == generation}


def watch_registration_changes(database: Database, generation: RegistrationGeneration) -> None:
    """Set a new token after every commit of ``database``'s sessions that wrote a registration
    or a deployment: through the unit of work or an ``insert``/``update``/``delete`` statement.
    (A change that is rolled back may still set one: a needless token costs one more read.)"""
    factory = database.session_factory

    @event.listens_for(factory, "after_flush")
    def _flushed(session: Session, _flush: UOWTransaction) -> None:
        if any(isinstance(item, _WATCHED) for group in (session.new, session.dirty, session.deleted)
               for item in group):
            session.info[_CHANGED] = True

    @event.listens_for(factory, "do_orm_execute")
    def _executed(state: ORMExecuteState) -> None:
        if (state.is_insert or state.is_update or state.is_delete) and \
                getattr(state.statement, "table", None) in _WATCHED_TABLES:
            state.session.info[_CHANGED] = True

    @event.listens_for(factory, "after_commit")
    def _committed(session: Session) -> None:
        if session.info.pop(_CHANGED, False):
            try:
                generation.bump()
            except Exception:  # the change is committed; entries then age out
                log.exception("registrations changed, but Redis did not take the new generation; "
                              "logins may use the old registration for up to %d s", ENTRY_SECONDS)
