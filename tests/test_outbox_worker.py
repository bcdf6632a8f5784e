"""The outbox worker with a scripted receiver: backoff, dead-letter, held messages,
circuit breakers per target, batching, and concurrent workers on PostgreSQL."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from datetime import timedelta

import pytest

from lti_tool.models import OutboxMessage, as_utc
from lti_tool.outbox import enqueue
from lti_tool.outbox.channels import CHANNELS, Channel
from lti_tool.outbox.outcome import DELIVERED, HELD, RETRY, Outcome
from lti_tool.outbox.worker import OutboxWorker, backoff_seconds
from lti_tool.settings import OutboxSettings, Settings

pytest_plugins = ["conftest_ralph"]


class Receiver:
    """A fake receiver per target: scripted outcomes, then ``default``; records every call."""

    def __init__(self) -> None:
        self.script: dict[str, list[str]] = {}
        self.default: dict[str, str] = {}
        self.calls: list[tuple[str, list[int]]] = []
        self.delivered: Counter[int] = Counter()
        self.lock = threading.Lock()

    def __call__(self, session, messages, context):
        target = messages[0].target
        with self.lock:
            self.calls.append((target, [m.id for m in messages]))
            script = self.script.get(target, [])
            status = script.pop(0) if script else self.default.get(target, DELIVERED)
            if status == "crash":
                raise RuntimeError("bug in a deliverer")
            if status == DELIVERED:
                self.delivered.update(m.id for m in messages)
        return [Outcome(status, "" if status == DELIVERED else f"scripted {status}")] * len(messages)


@pytest.fixture
def receiver(monkeypatch) -> Receiver:
    fake = Receiver()
    monkeypatch.setitem(CHANNELS, "fake", Channel(fake, batched=True))
    monkeypatch.setitem(CHANNELS, "fake_single", Channel(fake, batched=False))
    return fake


@pytest.fixture
def db(app):
    return app.extensions["db"]


def put(db, count: int, target: str = "t:1", kind: str = "fake") -> list[int]:
    with db.session() as session:
        messages = [enqueue(session, kind=kind, target=target, payload={"n": n}) for n in range(count)]
        session.flush()
        return [m.id for m in messages]


def rows(db, ids=None) -> list[OutboxMessage]:
    with db.session() as session:
        query = session.query(OutboxMessage).order_by(OutboxMessage.id)
        if ids is not None:
            query = query.filter(OutboxMessage.id.in_(ids))
        return query.all()


def test_backoff_doubles_with_jitter_and_is_capped():
    config = OutboxSettings(base_delay_seconds=10, max_delay_seconds=100)
    rng = random.Random(1)
    for attempts, full in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100)]:
        delays = [backoff_seconds(attempts, config, rng) for _ in range(50)]
        assert all(full / 2 <= d <= full for d in delays)
        assert len(set(delays)) > 1


def test_failed_delivery_waits_then_succeeds(db, receiver, make_worker, clock):
    [message_id] = put(db, 1)
    receiver.script["t:1"] = [RETRY]
    worker = make_worker(base_delay_seconds=10)
    sent_at = clock.now()  # the wait counts from the delivery, not from when the test looks
    assert worker.deliver_due() == 1
    [row] = rows(db)
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "scripted retry"
    assert as_utc(row.next_attempt_at) >= sent_at + timedelta(seconds=5)
    assert worker.deliver_due() == 0  # not due yet
    clock.advance(10)
    assert worker.deliver_due() == 1
    [row] = rows(db)
    assert row.status == "delivered" and row.delivered_at is not None and row.last_error is None
    assert receiver.delivered == {message_id: 1}


def test_dead_letter_after_max_attempts(db, receiver, make_worker, drain):
    put(db, 1)
    receiver.default["t:1"] = RETRY
    drain(make_worker(max_attempts=3, breaker_threshold=100))
    [row] = rows(db)
    assert row.status == "dead" and row.attempts == 3 and row.last_error == "scripted retry"
    assert len(receiver.calls) == 3


def test_max_attempts_comes_from_the_environment(tmp_path):
    env = {"INSTANCE_DIR": str(tmp_path)}
    assert Settings.from_env({**env, "OUTBOX_MAX_ATTEMPTS": "4"}).outbox.max_attempts == 4
    assert Settings.from_env(env).outbox == OutboxSettings()


def test_held_messages_wait_long_and_are_never_dead_lettered(db, receiver, make_worker, clock):
    put(db, 1)
    receiver.default["t:1"] = HELD
    worker = make_worker(max_attempts=2, held_delay_seconds=3600, breaker_threshold=100)
    for _ in range(5):
        assert worker.deliver_due() == 1
        [row] = rows(db)
        assert row.status == "pending" and row.attempts == 0
        assert as_utc(row.next_attempt_at) >= clock.now() + timedelta(seconds=3599)
        clock.advance(3600)
    receiver.default["t:1"] = DELIVERED
    worker.deliver_due()
    assert rows(db)[0].status == "delivered"


def test_open_circuit_stops_one_target_and_the_others_keep_flowing(db, receiver, make_worker, clock,
                                                                   drain):
    broken = put(db, 6, target="lrs:broken", kind="fake_single")
    healthy = put(db, 4, target="lrs:healthy", kind="fake_single")
    receiver.default["lrs:broken"] = RETRY
    worker = make_worker(breaker_threshold=2, breaker_cooldown_seconds=60, base_delay_seconds=1)
    worker.deliver_due()
    tried = [ids[0] for target, ids in receiver.calls if target == "lrs:broken"]
    assert len(tried) == 2  # then the circuit opened; the other 4 were given back
    assert sorted(receiver.delivered) == healthy
    untried = [row for row in rows(db, broken) if row.id not in tried]
    assert all(row.attempts == 0 and row.status == "pending" for row in untried)

    clock.advance(30)  # backoff over, cool-down not: nothing goes to the broken target
    receiver.calls.clear()
    worker.deliver_due()
    assert receiver.calls == []

    clock.advance(30)  # half-open: exactly one trial, which fails: open again
    worker.deliver_due()
    assert len(receiver.calls) == 1
    clock.advance(60)
    receiver.default["lrs:broken"] = DELIVERED  # the target is back: trial closes, rest flows
    drain(worker)
    assert sorted(receiver.delivered) == sorted(broken + healthy)


def test_batched_kinds_go_in_batches_per_target(db, receiver, make_worker):
    put(db, 7, target="lrs:1")
    put(db, 2, target="lrs:2")
    put(db, 2, target="ags:1", kind="fake_single")
    make_worker(batch_size=3).deliver_due()
    batches = {target: [len(ids) for t, ids in receiver.calls if t == target]
               for target in ("lrs:1", "lrs:2", "ags:1")}
    # A full batch answered fast makes the target's next one larger (batch_size.py).
    assert batches == {"lrs:1": [3, 4], "lrs:2": [2], "ags:1": [1, 1]}


def test_a_crashing_deliverer_means_retry_not_a_dead_worker(db, receiver, make_worker):
    put(db, 2)
    receiver.script["t:1"] = ["crash"]
    worker = make_worker()
    assert worker.deliver_due() == 2
    assert {(row.status, row.last_error) for row in rows(db)} == {("pending", "Interne fout: RuntimeError")}


def test_unknown_kind_is_rejected_and_kept(db, make_worker):
    put(db, 1, kind="no_such_kind")
    make_worker().deliver_due()
    [row] = rows(db)
    assert row.status == "rejected" and "no_such_kind" in row.last_error


def test_concurrent_workers_never_deliver_a_message_twice(app, db, receiver, settings):
    """Several workers at once, on SQLite as on PostgreSQL: each message exactly once."""
    ids = put(db, 400, target="lrs:1") + put(db, 100, target="ags:1", kind="fake_single")
    barrier = threading.Barrier(4)

    def work() -> None:
        worker = OutboxWorker(db, secret_key=settings.secret_key,
                              config=OutboxSettings(claim_limit=25, batch_size=5))
        barrier.wait()
        while worker.deliver_due():
            pass

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(receiver.delivered) == sorted(ids)
    assert set(receiver.delivered.values()) == {1}
    assert {row.status for row in rows(db)} == {"delivered"}


def test_a_claim_carries_each_statement_as_its_stored_json_text(db):
    """The worker sends what the outbox holds, joined into one array, without parsing it."""
    from lti_tool.models import utcnow
    from lti_tool.outbox.claims import claim_due
    from lti_tool.outbox.messages import XAPI_STATEMENT
    from lti_tool.outbox.xapi_delivery import json_array

    statements = [{"id": f"s-{n}", "verb": {"id": "v"}, "result": {"response": "é[,]\"x\""}}
                  for n in range(3)]
    with db.session() as session:
        for statement in statements:
            enqueue(session, kind=XAPI_STATEMENT, target="lrs:9", payload={"statement": statement})
        enqueue(session, kind="fake", target="t:1", payload={"n": 1})
    claims = claim_due(db, now=utcnow(), lease=timedelta(seconds=60), limit=2)
    assert len(claims) == 2  # never more than the limit
    claims += claim_due(db, now=utcnow(), lease=timedelta(seconds=60), limit=10)
    assert [claim.attempts for claim in claims] == [1, 1, 1, 1]
    texts = [claim.statement for claim in claims if claim.kind == XAPI_STATEMENT]
    assert json.loads(json_array(texts)) == statements
    assert [claim.statement for claim in claims if claim.kind == "fake"] == [None]
