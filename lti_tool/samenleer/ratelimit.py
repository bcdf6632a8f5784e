"""Wrong personal codes are limited per track and per client address.

``TRACK_LIMIT`` wrong codes for one track, or ``ADDRESS_LIMIT`` from one address, within
``WINDOW`` lock that key for ``LOCKOUT``. The counts live in Redis when ``REDIS_URL`` is
set (shared by every server process), otherwise in the database.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from ..models import as_utc, utcnow
from ..models.samenleer import SamenleerCodeAttempt

TRACK_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


class AttemptStore(Protocol):
    def locked_until(self, key: str) -> datetime | None: ...
    def fail(self, key: str, limit: int) -> tuple[int, datetime | None]: ...
    def clear(self, key: str) -> None: ...


class DatabaseAttempts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def locked_until(self, key: str) -> datetime | None:
        row = self.session.get(SamenleerCodeAttempt, key)
        until = as_utc(row.locked_until) if row else None
        return until if until and until > utcnow() else None

    def fail(self, key: str, limit: int) -> tuple[int, datetime | None]:
        """Count one failure; returns (failures in the window, lock end if now locked)."""
        now = utcnow()
        row = self.session.get(SamenleerCodeAttempt, key)
        if row is None:
            row = SamenleerCodeAttempt(key=key, failures=0, window_start=now)
            self.session.add(row)
        if as_utc(row.window_start) + WINDOW < now:
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + LOCKOUT
            row.failures, row.window_start = 0, now
            return limit, row.locked_until
        return row.failures, None

    def clear(self, key: str) -> None:
        row = self.session.get(SamenleerCodeAttempt, key)
        if row is not None:
            self.session.delete(row)


class RedisAttempts:
    PREFIX = "samenleer:code"

    def __init__(self, client, namespace: str = "") -> None:
        self.client = client
        self.prefix = f"{self.PREFIX}:{namespace}" if namespace else self.PREFIX

    def locked_until(self, key: str) -> datetime | None:
        ttl_ms = self.client.pttl(f"{self.prefix}:lock:{key}")
        return utcnow() + timedelta(milliseconds=ttl_ms) if ttl_ms and ttl_ms > 0 else None

    def fail(self, key: str, limit: int) -> tuple[int, datetime | None]:
        count_key = f"{self.prefix}:fail:{key}"
        pipe = self.client.pipeline()
        pipe.incr(count_key)
        pipe.expire(count_key, int(WINDOW.total_seconds()), nx=True)
        failures = int(pipe.execute()[0])
        if failures < limit:
            return failures, None
        lockout_ms = int(LOCKOUT.total_seconds() * 1000)
        self.client.set(f"{self.prefix}:lock:{key}", "1", px=lockout_ms)
        self.client.delete(count_key)
        return limit, utcnow() + LOCKOUT

    def clear(self, key: str) -> None:
        self.client.delete(f"{self.prefix}:fail:{key}", f"{self.prefix}:lock:{key}")


_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def attempt_store(session: Session, redis_url: str | None, secret_key: str) -> AttemptStore:
    """Redis when configured (keys namespaced per deployment secret), else the database."""
    if not redis_url:
        return DatabaseAttempts(session)
    import redis

    with _clients_lock:
        client = _clients.get(redis_url)
        if client is None:
            client = _clients[redis_url] = redis.Redis.from_url(redis_url)
    namespace = hashlib.sha256(secret_key.encode()).hexdigest()[:12]
    return RedisAttempts(client, namespace)


def purge_stale(session: Session, now: datetime | None = None) -> int:
    """Forget database counters that no longer lock or count anything."""
    cutoff = (now or utcnow()) - max(WINDOW, LOCKOUT)
    result = session.execute(delete(SamenleerCodeAttempt).where(
        SamenleerCodeAttempt.window_start < cutoff,
        or_(SamenleerCodeAttempt.locked_until.is_(None), SamenleerCodeAttempt.locked_until < cutoff)))
    return result.rowcount or 0
