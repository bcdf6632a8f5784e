"""Rate limits count before they check: a burst of parallel guesses gets no more tries than the
limit, on the database (SQLite, PostgreSQL) and on Redis; windows cap slow guessing too."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest

from lti_tool import create_app
from lti_tool.ratelimit import DatabaseCounters, RateLimiter, Rule, Window, make_limiter
from lti_tool.samenleer import guest_views, ratelimit
from tests.samenleer_support import (
    CODE,
    client_at,
    invite_link,
    invite_path,
    new_track,
    professional,
    sign_in,
)

REDIS_URL = "redis://127.0.0.1:6379/0"
PARALLEL = 40


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")


@pytest.fixture(params=["database", "redis"])
def store_app(request, settings):
    """The app with its counters in the database, or in Redis."""
    if request.param == "redis":
        _redis_or_skip()
        settings = settings.with_overrides(redis_url=REDIS_URL)
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["db"].dispose()


class CountingCheck:
    """Wraps the real code check to count how many guesses were actually evaluated."""

    def __init__(self, check) -> None:
        self.check = check
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, *args, **kwargs) -> bool:
        with self.lock:
            self.calls += 1
        return self.check(*args, **kwargs)


def test_parallel_wrong_codes_get_at_most_the_limit_of_tries(store_app, monkeypatch):
    client = store_app.test_client()
    pro = professional(store_app)
    track_id = new_track(client, pro)
    path = invite_path(invite_link(client, pro, track_id))
    sign_in(client, path)
    checks = CountingCheck(guest_views.verify_code)
    monkeypatch.setattr(guest_views, "verify_code", checks)
    barrier = threading.Barrier(PARALLEL)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def guess(n: int) -> None:
        own = client_at(store_app, f"198.51.100.{n}")
        barrier.wait()
        status = own.post(path + "/", data={"code": f"{9000 + n}"}).status_code
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(statuses.values()) == PARALLEL
    assert not [status for status in statuses if status >= 500], statuses
    assert checks.calls <= ratelimit.TRACK_LIMIT, f"{checks.calls} guesses were evaluated"
    assert statuses[429] >= PARALLEL - ratelimit.TRACK_LIMIT
    # The real guest is locked out too, until the professional lifts the lock.
    assert store_app.test_client().post(path + "/", data={"code": CODE}).status_code == 429
    assert client.post(f"/samenleer/t/{track_id}/code-vrijgeven",
                       data={"lt": pro.token}).status_code == 303
    sign_in(store_app.test_client(), path, first_time=False)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["database", "redis"])
def limiter_and_clock(request, app, settings):
    clock = Clock()
    session = app.extensions["db"].session_factory()
    if request.param == "redis":
        _redis_or_skip()
        store = make_limiter(lambda: session, REDIS_URL, settings.secret_key).store
    else:
        store = DatabaseCounters(lambda: session)
    yield RateLimiter(store, clock=clock), clock
    session.close()


def test_a_longer_window_caps_slow_guessing(limiter_and_clock):
    limiter, clock = limiter_and_clock
    rule = Rule("slow", (Window(3, timedelta(minutes=15)), Window(5, timedelta(days=1))))
    if isinstance(limiter.store, DatabaseCounters):
        allowed = [limiter.attempt([(rule, "x")]).allowed for _ in range(4)]
        assert allowed == [True, True, True, False]
        clock.now += 16 * 60  # the short window is over; the day's window is not
        allowed = [limiter.attempt([(rule, "x")]).allowed for _ in range(3)]
        assert allowed == [True, False, False]  # the day allows 5 tries, refused ones count too
        until = limiter.locked_until(rule, "x")
        assert until is not None and until.timestamp() == pytest.approx(1_700_000_000 + 86400)
        clock.now += 86400
        assert limiter.attempt([(rule, "x")]).allowed
    else:  # Redis keeps its own clock: windows end by expiry, so only the counting is checked
        limiter.reset(rule, "x")
        verdicts = [limiter.attempt([(rule, "x")]) for _ in range(4)]
        assert [v.allowed for v in verdicts] == [True, True, True, False]
        assert [v.remaining for v in verdicts] == [2, 1, 0, 0]
        assert verdicts[-1].locked_until is not None
        assert limiter.locked_until(rule, "x") is not None
        limiter.reset(rule, "x")
    limiter.reset(rule, "x")
    assert limiter.locked_until(rule, "x") is None


def test_a_refund_gives_a_try_back_but_never_below_zero(limiter_and_clock):
    limiter, _clock = limiter_and_clock
    rule = Rule("refund", (Window(2, timedelta(minutes=15)),))
    limiter.reset(rule, "y")
    limiter.refund(rule, "y")  # nothing to give back
    for _ in range(5):
        assert limiter.attempt([(rule, "y")]).allowed
        limiter.refund(rule, "y")
    assert limiter.attempt([(rule, "y")]).remaining == 1
    limiter.reset(rule, "y")
