"""The login state store keeps each state and nonce for one use only, also when a launch
consumes both in one round trip and many requests try at the same moment (issue 16).

Runs on the database store (SQLite, and PostgreSQL with ``TEST_DATABASE_URL``) and on
the Redis store (Redis at 127.0.0.1:6379, skipped when it does not answer).
"""

from __future__ import annotations

import threading
import uuid

import pytest

from lti_tool.lti.session_service import ServerSideSessionService
from lti_tool.lti.state_store import DatabaseStateStore, RedisStateStore, StateStore

REDIS_URL = "redis://127.0.0.1:6379/15"
PARALLEL = 12


def redis_store() -> StateStore:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return RedisStateStore(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}:")


@pytest.fixture(params=["database", "redis"])
def store(request, app) -> StateStore:
    if request.param == "redis":
        return redis_store()
    return DatabaseStateStore(app.extensions["db"].side())


def login(store: StateStore) -> tuple[str, str]:
    """What the OIDC login stores: the nonce first, then the state it is bound to."""
    service = ServerSideSessionService(store)
    state, nonce = "state-" + uuid.uuid4().hex, uuid.uuid4().hex
    service.save_nonce(nonce)
    service.save_state_params(state, {"nonce": nonce, "iss": "https://lms.example.org"})
    return state, nonce


def test_login_stores_state_and_nonce_together(store):
    state, nonce = login(store)
    service = ServerSideSessionService(store)
    assert service.peek_state_params(state) == {"nonce": nonce, "iss": "https://lms.example.org"}
    assert service.take_state_and_nonce(state, nonce) == (
        {"nonce": nonce, "iss": "https://lms.example.org"}, True)
    # Spent: the same pair, or the nonce alone, is refused afterwards.
    assert service.take_state_and_nonce(state, nonce) == (None, False)
    assert service.check_nonce(nonce) is False
    assert service.peek_state_params(state) is None


def test_a_state_is_consumed_in_one_step_only_when_it_names_this_launch(store):
    """The launch's one-step look-and-take (one round trip on Redis): a state that names another
    issuer, client id or nonce comes back unconsumed, so the launch can say why it refuses."""
    service = ServerSideSessionService(store)
    state, nonce = "state-" + uuid.uuid4().hex, uuid.uuid4().hex
    params = {"nonce": nonce, "iss": "https://lms.example.org", "client_id": "tool-1", "login": {"a": "b"}}
    service.save_nonce(nonce)
    service.save_state_params(state, params)
    for iss, client_id, other_nonce in (("https://other.example.org", "tool-1", nonce),
                                        ("https://lms.example.org", "tool-2", nonce),
                                        ("https://lms.example.org", "tool-1", "another-nonce")):
        assert service.take_state_and_nonce_if(state, other_nonce, iss, client_id) == (params, None)
    this = ("https://lms.example.org", "tool-1")
    assert service.take_state_and_nonce_if(state, nonce, *this) == (params, True)
    # Spent: the state is gone, and so is the nonce.
    assert service.take_state_and_nonce_if(state, nonce, *this) == (None, None)
    assert service.check_nonce(nonce) is False
    # A nonce already spent elsewhere: the state is consumed, the replay is reported.
    state2 = "state-" + uuid.uuid4().hex
    service.save_state_params(state2, params)
    assert service.take_state_and_nonce_if(state2, nonce, *this) == (params, False)


def test_parallel_launches_with_one_login_consume_it_once(store):
    state, nonce = login(store)
    barrier = threading.Barrier(PARALLEL)
    results: list[tuple[object, bool]] = []

    def launch() -> None:
        service = ServerSideSessionService(store)
        barrier.wait()
        results.append(service.take_state_and_nonce(state, nonce))

    threads = [threading.Thread(target=launch) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == PARALLEL
    assert sum(1 for params, _ in results if params is not None) == 1
    assert sum(1 for _, nonce_unused in results if nonce_unused) == 1
    # The one that got the state also got the nonce: no launch gets half a login.
    assert [unused for params, unused in results if params is not None] == [True]


def test_an_expired_login_is_not_handed_out(store):
    service = ServerSideSessionService(store)
    state, nonce = "state-" + uuid.uuid4().hex, uuid.uuid4().hex
    store.put_many({"state:" + state: {"nonce": nonce}, "nonce:" + nonce: {"nonce": nonce}},
                   ttl_seconds=-1 if isinstance(store, DatabaseStateStore) else 1)
    if isinstance(store, RedisStateStore):
        import time

        time.sleep(1.2)
    assert service.take_state_and_nonce(state, nonce) == (None, False)
