"""Server-side, single-use storage for OIDC login state and nonces.

The database backs it by default; with ``REDIS_URL`` set, Redis does. ``take``
is atomic on both, so a value can be consumed once and only once, even when two
requests race with the same id_token.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, delete, select

from ..db import Database
from ..models import LtiStateEntry, as_utc, utcnow


class StateStore(Protocol):
    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None: ...

    def take(self, key: str) -> dict[str, Any] | None: ...

    def peek(self, key: str) -> dict[str, Any] | None: ...


class DatabaseStateStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        now = utcnow()
        with self._db.session() as session:
            session.execute(delete(LtiStateEntry).where(LtiStateEntry.expires_at < now))
            session.merge(LtiStateEntry(key=key, value=value,
                                        expires_at=now + timedelta(seconds=ttl_seconds)))

    def take(self, key: str) -> dict[str, Any] | None:
        with self._db.session() as session:
            entry = session.execute(select(LtiStateEntry).where(LtiStateEntry.key == key)).scalar()
            if entry is None:
                return None
            value, expires_at = entry.value, as_utc(entry.expires_at)
            # Only the request whose DELETE removes the row may use the value.
            removed = cast(CursorResult[Any],
                           session.execute(delete(LtiStateEntry).where(LtiStateEntry.key == key)))
            if removed.rowcount != 1 or expires_at is None or expires_at < utcnow():
                return None
            return value

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

    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        self._redis.set(self._prefix + key, json.dumps(value), ex=ttl_seconds)

    def take(self, key: str) -> dict[str, Any] | None:
        raw = self._redis.getdel(self._prefix + key)
        return None if raw is None else json.loads(raw)

    def peek(self, key: str) -> dict[str, Any] | None:
        raw = self._redis.get(self._prefix + key)
        return None if raw is None else json.loads(raw)


def make_state_store(database: Database, redis_url: str | None) -> StateStore:
    return RedisStateStore(redis_url) if redis_url else DatabaseStateStore(database.side())
