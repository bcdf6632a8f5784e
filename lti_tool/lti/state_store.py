"""Server-side, single-use storage for OIDC login state and nonces.

The database backs it by default; with ``REDIS_URL`` set, Redis does. ``take_many``
is atomic on both, so a value can be consumed once and only once, even when two
requests race with the same id_token. A login stores its state and nonce, and a
launch consumes them, in one round trip each.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import delete, insert

from ..db import Database
from ..models import LtiStateEntry, as_utc, utcnow


class StateStore(Protocol):
    def put_many(self, values: dict[str, dict[str, Any]], ttl_seconds: int) -> None: ...

    def take_many(self, keys: list[str]) -> list[dict[str, Any] | None]: ...

    def peek(self, key: str) -> dict[str, Any] | None: ...


class DatabaseStateStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def put_many(self, values: dict[str, dict[str, Any]], ttl_seconds: int) -> None:
        """Store fresh keys (random tokens: a key is never stored twice) in one INSERT."""
        now = utcnow()
        expires_at = now + timedelta(seconds=ttl_seconds)
        with self._db.session() as session:
            session.execute(delete(LtiStateEntry).where(LtiStateEntry.expires_at < now))
            session.execute(insert(LtiStateEntry), [
                {"key": key, "value": value, "expires_at": expires_at} for key, value in values.items()])

    def take_many(self, keys: list[str]) -> list[dict[str, Any] | None]:
        """Consume ``keys`` in one ``DELETE .. RETURNING``: only the request whose DELETE
        removes a row gets its value, so each value is used once, also under a race."""
        now = utcnow()
        with self._db.session() as session:
            removed = session.execute(
                delete(LtiStateEntry).where(LtiStateEntry.key.in_(keys))
                .returning(LtiStateEntry.key, LtiStateEntry.value, LtiStateEntry.expires_at)).all()
        found = {row.key: row.value for row in removed
                 if row.expires_at is not None and as_utc(row.expires_at) >= now}
        return [found.get(key) for key in keys]

    def peek(self, key: str) -> dict[str, Any] | None:
        with self._db.session() as session:
            entry = session.get(LtiStateEntry, key)
            if entry is None or as_utc(entry.expires_at) < utcnow():
                return None
            return entry.value


class RedisStateStore:
    def __init__(self, url: str, prefix: str = "lti-tool:state:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix

    def put_many(self, values: dict[str, dict[str, Any]], ttl_seconds: int) -> None:
        """One round trip for all ``values``."""
        pipe = self._redis.pipeline(transaction=False)
        for key, value in values.items():
            pipe.set(self._prefix + key, json.dumps(value), ex=ttl_seconds)
        pipe.execute()

    def take_many(self, keys: list[str]) -> list[dict[str, Any] | None]:
        """One round trip, atomic (MULTI/EXEC): of two racing requests one gets every value."""
        pipe = self._redis.pipeline(transaction=True)
        for key in keys:
            pipe.getdel(self._prefix + key)
        return [None if raw is None else json.loads(raw) for raw in pipe.execute()]

    def peek(self, key: str) -> dict[str, Any] | None:
        raw = self._redis.get(self._prefix + key)
        return None if raw is None else json.loads(raw)


def make_state_store(database: Database, redis_url: str | None) -> StateStore:
    return RedisStateStore(redis_url) if redis_url else DatabaseStateStore(database.side())
