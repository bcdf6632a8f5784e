"""Rate limits that count an attempt *before* it is checked, atomically.

A :class:`Rule` has one or more fixed windows (say 5 per 15 minutes and 10 per day), so
slow guessing is bounded as well as bursts. :meth:`RateLimiter.attempt` adds one to every
window of every subject in a single atomic step per counter (SQL ``INSERT … ON CONFLICT DO
UPDATE … RETURNING`` on SQLite and PostgreSQL, a Lua script in Redis) and only then says
whether the caller may check the secret: however many requests arrive at once, at most
``limit`` of them per window get that far. A correct secret may give its attempt back
(:meth:`RateLimiter.refund`), so people who get it right never use up a shared limit.

Counters live in Redis when ``REDIS_URL`` is set (shared by every server process), else in
the database table ``rate_limit_counters``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models.ratelimit import RateLimitCounter

IPV4_PREFIX = 24
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Window:
    limit: int
    period: timedelta

    @property
    def period_ms(self) -> int:
        return int(self.period.total_seconds() * 1000)


@dataclass(frozen=True)
class Rule:
    name: str
    windows: tuple[Window, ...]

    def keys(self, subject: str) -> list[tuple[str, Window]]:
        return [(f"{self.name}:{subject}:{window.period_ms}", window) for window in self.windows]


@dataclass(frozen=True)
class Verdict:
    """``allowed``: the secret may be checked. ``remaining``: attempts left before a lock
    (the smallest over all windows). ``locked_until``: when a refused caller may try again."""

    allowed: bool
    remaining: int
    locked_until: datetime | None


class CounterStore(Protocol):
    def hit(self, key: str, period_ms: int, now_ms: int) -> tuple[int, int]:
        """Add one to ``key`` (a new window when the old one ended); returns (hits, resets_at_ms)."""
        ...

    def peek(self, key: str, now_ms: int) -> tuple[int, int] | None: ...

    def refund(self, key: str, now_ms: int) -> None: ...

    def forget(self, keys: Sequence[str]) -> None: ...


class DatabaseCounters:
    """Each change is committed at once, before the secret is checked.

    ``sessions`` gives the session to use: in a request, the request's own (so a request
    never holds two pooled connections and waits for a third).
    """

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self.sessions = sessions

    def _write(self, statement):
        session = self.sessions()
        try:
            result = cast(CursorResult[Any], session.execute(statement))
            rows = result.all() if result.returns_rows else []
            session.commit()
        except Exception:
            session.rollback()
            raise
        return rows

    def hit(self, key: str, period_ms: int, now_ms: int) -> tuple[int, int]:
        table = RateLimitCounter.__table__
        session = self.sessions()
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        ended = table.c.resets_at <= now_ms
        statement = dialect.insert(table).values(key=key, hits=1, resets_at=now_ms + period_ms)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"hits": case((ended, 1), else_=table.c.hits + 1),
                  "resets_at": case((ended, now_ms + period_ms), else_=table.c.resets_at)},
        ).returning(table.c.hits, table.c.resets_at)
        [(hits, resets_at)] = self._write(statement)
        return int(hits), int(resets_at)

    def peek(self, key: str, now_ms: int) -> tuple[int, int] | None:
        row = self.sessions().execute(select(RateLimitCounter.hits, RateLimitCounter.resets_at)
                                      .where(RateLimitCounter.key == key,
                                             RateLimitCounter.resets_at > now_ms)).first()
        return (int(row[0]), int(row[1])) if row else None

    def refund(self, key: str, now_ms: int) -> None:
        self._write(update(RateLimitCounter)
                    .where(RateLimitCounter.key == key, RateLimitCounter.hits > 0,
                           RateLimitCounter.resets_at > now_ms)
                    .values(hits=RateLimitCounter.hits - 1))

    def forget(self, keys: Sequence[str]) -> None:
        self._write(delete(RateLimitCounter).where(RateLimitCounter.key.in_(list(keys))))


# INCR and the window's expiry in one server-side step; PTTL tells when the window ends.
_HIT = """
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
"""
_REFUND = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
"""


class RedisCounters:
    def __init__(self, client, namespace: str) -> None:
        self.client = client
        self.prefix = f"lti-tool:ratelimit:{namespace}:"
        self._hit = client.register_script(_HIT)
        self._refund = client.register_script(_REFUND)

    def hit(self, key: str, period_ms: int, now_ms: int) -> tuple[int, int]:
        hits, ttl = self._hit(keys=[self.prefix + key], args=[period_ms])
        return int(hits), now_ms + int(ttl)

    def peek(self, key: str, now_ms: int) -> tuple[int, int] | None:
        pipe = self.client.pipeline()
        pipe.get(self.prefix + key)
        pipe.pttl(self.prefix + key)
        hits, ttl = pipe.execute()
        return (int(hits), now_ms + int(ttl)) if hits is not None and ttl > 0 else None

    def refund(self, key: str, now_ms: int) -> None:
        self._refund(keys=[self.prefix + key])

    def forget(self, keys: Sequence[str]) -> None:
        if keys:
            self.client.delete(*(self.prefix + key for key in keys))


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


class RateLimiter:
    def __init__(self, store: CounterStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def attempt(self, checks: Iterable[tuple[Rule, str]]) -> Verdict:
        """Count one attempt against every (rule, subject); allowed when no window is over."""
        now_ms = self._now_ms()
        remaining, locked = None, []
        for rule, subject in checks:
            for key, window in rule.keys(subject):
                hits, resets_at = self.store.hit(key, window.period_ms, now_ms)
                if hits > window.limit:
                    locked.append(resets_at)
                left = max(window.limit - hits, 0)
                remaining = left if remaining is None else min(remaining, left)
        return Verdict(allowed=not locked, remaining=remaining or 0,
                       locked_until=_at(max(locked)) if locked else None)

    def locked_until(self, rule: Rule, subject: str) -> datetime | None:
        """When ``subject`` may try again, or ``None`` when it may now (nothing is counted)."""
        now_ms = self._now_ms()
        ends = []
        for key, window in rule.keys(subject):
            found = self.store.peek(key, now_ms)
            if found is not None and found[0] >= window.limit:
                ends.append(found[1])
        return _at(max(ends)) if ends else None

    def refund(self, rule: Rule, subject: str) -> None:
        now_ms = self._now_ms()
        for key, _window in rule.keys(subject):
            self.store.refund(key, now_ms)

    def reset(self, rule: Rule, subject: str) -> None:
        self.store.forget([key for key, _window in rule.keys(subject)])


def network_of(address: str | None) -> str:
    """The client's network: IPv4 /24, IPv6 /64 (one site or subscriber), else ``unknown``.

    One attacker usually holds a whole IPv6 /64 and often several neighbouring IPv4
    addresses; limiting per single address would let them rotate through those.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


_redis_clients: dict[str, object] = {}


def make_limiter(sessions: Callable[[], Session], redis_url: str | None,
                 secret_key: str) -> RateLimiter:
    """Redis when configured (keys namespaced per deployment secret), else the database."""
    if not redis_url:
        return RateLimiter(DatabaseCounters(sessions))
    import redis

    client = _redis_clients.get(redis_url)
    if client is None:
        client = _redis_clients.setdefault(redis_url, redis.Redis.from_url(redis_url))
    namespace = hashlib.sha256(secret_key.encode()).hexdigest()[:12]
    return RateLimiter(RedisCounters(client, namespace))


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Forget database counters whose window has ended."""
    now_ms = int((now or datetime.now(UTC)).timestamp() * 1000)
    result = cast(CursorResult[Any],
                  session.execute(delete(RateLimitCounter).where(RateLimitCounter.resets_at <= now_ms)))
    return result.rowcount or 0
