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
    def put_many(self, values: dict[str, dict[str, Any]], ttl_seconds: int) -> str | None:
        """Store fresh keys; returns the registrations' generation token when the store reads
        it in the same round trip (Redis with the login's registration cache), else ``None``."""

    def take_many(self, keys: list[str]) -> list[dict[str, Any] | None]: ...

    def peek(self, key: str) -> dict[str, Any] | None: ...

    def take_if(self, key: str, expected: dict[str, str],
                also: list[str]) -> tuple[dict[str, Any] | None, list[bool] | None]: ...


def _matches(value: dict[str, Any], expected: dict[str, str]) -> bool:
    return all(value.get(name) == wanted for name, wanted in expected.items())


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

    def take_if(self, key: str, expected: dict[str, str],
                also: list[str]) -> tuple[dict[str, Any] | None, list[bool] | None]:
        """``key``'s value (``None`` when unknown or expired), and only when it holds every
        ``expected`` field: ``key`` and ``also`` consumed at once, with whether each of ``also``
        was still there (``None``: nothing consumed). Here a look, then :meth:`take_many`."""
        value = self.peek(key)
        if value is None or not _matches(value, expected):
            return value, None
        taken = self.take_many([key, *also])
        if taken[0] is None:  # another request consumed it between the look and the take
            return None, None
        return taken[0], [item is not None for item in taken[1:]]

    def peek(self, key: str) -> dict[str, Any] | None:
        with self._db.session() as session:
            entry = session.get(LtiStateEntry, key)
            if entry is None or as_utc(entry.expires_at) < utcnow():
                return None
            return entry.value


# KEYS[1]: the value to check and take; KEYS[2..]: taken along. ARGV: n, n field names, n values.
# Replies {value or false, 1 when consumed, then 1/0 per further key: whether it was there}.
_TAKE_IF = """
local raw = redis.call('GET', KEYS[1])
if not raw then return {false, 0} end
local value = cjson.decode(raw)
local n = tonumber(ARGV[1])
for i = 1, n do
  if value[ARGV[1 + i]] ~= ARGV[1 + n + i] then return {raw, 0} end
end
redis.call('DEL', KEYS[1])
local reply = {raw, 1}
for i = 2, #KEYS do reply[i + 1] = redis.call('DEL', KEYS[i]) end
return reply
"""


class RedisStateStore:
    def __init__(self, url: str, prefix: str = "lti-tool:state:", generation_key: str | None = None) -> None:
        """``generation_key``: the Redis key of the registrations' generation token that
        :meth:`put_many` reads along (see :mod:`.registration_cache`)."""
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix
        self._generation_key = generation_key
        self._take_if = self._redis.register_script(_TAKE_IF)

    def put_many(self, values: dict[str, dict[str, Any]], ttl_seconds: int) -> str | None:
        """One round trip for all ``values`` and the generation token (``None`` when unset)."""
        pipe = self._redis.pipeline(transaction=False)
        for key, value in values.items():
            pipe.set(self._prefix + key, json.dumps(value), ex=ttl_seconds)
        if self._generation_key is None:
            pipe.execute()
            return None
        pipe.get(self._generation_key)
        generation = pipe.execute()[-1]
        return None if generation is None else generation.decode()

    def take_many(self, keys: list[str]) -> list[dict[str, Any] | None]:
        """One round trip, atomic (MULTI/EXEC): of two racing requests one gets every value."""
        pipe = self._redis.pipeline(transaction=True)
        for key in keys:
            pipe.getdel(self._prefix + key)
        return [None if raw is None else json.loads(raw) for raw in pipe.execute()]

    def peek(self, key: str) -> dict[str, Any] | None:
        raw = self._redis.get(self._prefix + key)
        return None if raw is None else json.loads(raw)

    def take_if(self, key: str, expected: dict[str, str],
                also: list[str]) -> tuple[dict[str, Any] | None, list[bool] | None]:
        """As :meth:`DatabaseStateStore.take_if`, in one round trip: a script that Redis runs
        atomically looks at ``key`` and consumes ``key`` and ``also`` only on a match."""
        names = list(expected)
        reply = self._take_if(keys=[self._prefix + key, *(self._prefix + item for item in also)],
                              args=[len(names), *names, *(expected[name] for name in names)])
        raw, consumed, *found = reply
        value = None if raw is None else json.loads(raw)
        if not consumed:
            return value, None
        return value, [bool(item) for item in found]


def make_state_store(database: Database, redis_url: str | None,
                     generation_key: str | None = None) -> StateStore:
    if redis_url:
        return RedisStateStore(redis_url, generation_key=generation_key)
    return DatabaseStateStore(database.side())
