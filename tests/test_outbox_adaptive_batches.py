"""An LRS that slows down gets smaller batches, not timeouts; a fast one gets larger ones.

``SlowLrs`` is a stand-in for a slow LRS: a real HTTP server on 127.0.0.1 that takes a
fixed time per statement in each POST once it has received a given number, so the time a
batch takes grows with its size, as it does for a real LRS under load. It counts every
statement id it is sent, so a statement sent twice would show.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lti_tool import xapi
from lti_tool.http import EgressPolicy, OutboundSession
from lti_tool.models import OutboxMessage
from lti_tool.outbox.batch_size import BatchSizes
from lti_tool.outbox.outcome import RETRY
from lti_tool.outbox.worker import OutboxWorker
from lti_tool.settings import OutboxSettings, Settings

pytest_plugins = ["conftest_ralph"]

MODULE = "rol-van-de-werkbegeleider"
# Wide margins: the machine running the tests may be busy.
READ_TIMEOUT = 3.0   # the tool's HTTP read timeout in these tests
SLOW_SECONDS = 0.5   # a batch answered after this is slow; within 0.25 s, fast
PER_STATEMENT = 0.025  # the slow LRS: 25 ms per statement, so 80 (the largest batch below) take 2 s


class SlowLrs:
    """A stand-in for a slow LRS (see the module's docstring)."""

    def __init__(self, slow_after: int, per_statement: float = PER_STATEMENT) -> None:
        self.slow_after = slow_after
        self.per_statement = per_statement
        self.posted: Counter[str] = Counter()
        self.batches: list[tuple[int, bool, float]] = []  # (size, slow phase, seconds taken)
        self.status = 200
        self.lock = threading.Lock()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                started = time.monotonic()
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with lrs.lock:
                    slow = sum(lrs.posted.values()) >= lrs.slow_after
                    status = lrs.status
                time.sleep(lrs.per_statement * len(body) if slow else 0.0)
                if status == 200:
                    with lrs.lock:
                        lrs.posted.update(statement["id"] for statement in body)
                answer = json.dumps([statement["id"] for statement in body]).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                with lrs.lock:
                    lrs.batches.append((len(body), slow, time.monotonic() - started))

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_lrs() -> Iterator[SlowLrs]:
    lrs = SlowLrs(slow_after=200)
    yield lrs
    lrs.close()


def _queue(app, launch, count: int) -> list[str]:
    with app.app_context(), app.extensions["db"].session() as session:
        return [xapi.experienced(session, launch, MODULE, "rol-video").payload["statement"]["id"]
                for _ in range(count)]


def _worker(app, **config) -> OutboxWorker:
    http = OutboundSession(EgressPolicy.from_settings(Settings.from_env()), timeout=(2.0, READ_TIMEOUT))
    return OutboxWorker(app.extensions["db"], secret_key=app.config["SECRET_KEY"],
                        config=OutboxSettings(**config), http=http, slow_seconds=SLOW_SECONDS)


# ---- the rule --------------------------------------------------------------------------------

def test_fast_full_batches_double_up_to_the_maximum_until_one_is_slow_then_grow_by_a_step():
    sizes = BatchSizes(start=50, maximum=500, slow_seconds=1.0)
    assert [sizes.record("lrs:1", sizes.size("lrs:1"), 0.1, ok=True) for _ in range(5)] == [100, 200, 400,
                                                                                           500, 500]
    assert sizes.size("lrs:2") == 50  # per target
    assert sizes.record("lrs:1", 500, 1.5, ok=True) == 250
    assert [sizes.record("lrs:1", sizes.size("lrs:1"), 0.1, ok=True) for _ in range(2)] == [260, 270]
    assert sizes.record("lrs:2", 50, 0.1, ok=False) == 25  # a failure ends the doubling too
    assert sizes.record("lrs:2", 25, 0.1, ok=True) == 35


def test_a_partial_or_middling_batch_keeps_the_size():
    sizes = BatchSizes(start=50, maximum=200, slow_seconds=1.0)
    assert sizes.record("lrs:1", 7, 0.1, ok=True) == 50   # the queue had only 7: no evidence
    assert sizes.record("lrs:1", 50, 0.8, ok=True) == 50  # neither fast nor slow


def test_after_a_batch_too_large_the_size_that_fitted_is_the_targets_ceiling():
    sizes = BatchSizes(start=200, maximum=500, slow_seconds=1.0)
    # 413 at 200, then 50 fitted; the seven POSTs took long together: still 50, not 25.
    assert sizes.record("lrs:1", 200, 1.5, ok=True, fitted=50) == 50
    assert [sizes.record("lrs:1", sizes.size("lrs:1"), 0.1, ok=True) for _ in range(3)] == [50, 50, 50]
    assert sizes.record("lrs:1", 50, 1.5, ok=True) == 25  # slow: smaller, as always
    assert sizes.record("lrs:1", 25, 0.1, ok=True) == 50  # grows by a step (40), up to the ceiling
    assert sizes.record("lrs:1", 50, 0.1, ok=True, fitted=25) == 25  # larger statements: lower
    assert sizes.record("lrs:1", 25, 0.1, ok=True) == 25
    assert sizes.record("lrs:2", 200, 0.1, ok=True) == 400  # per target


def test_slow_or_failed_batches_halve_down_to_one():
    sizes = BatchSizes(start=50, maximum=200, slow_seconds=1.0)
    assert sizes.record("lrs:1", 50, 1.5, ok=True) == 25
    assert sizes.record("lrs:1", 25, 0.1, ok=False) == 12
    assert [sizes.record("lrs:1", sizes.size("lrs:1"), 5.0, ok=True) for _ in range(5)] == [6, 3, 1, 1, 1]


def test_the_worker_sends_a_smaller_batch_after_a_failed_one(db_worker_receiver):
    worker, receiver, put = db_worker_receiver
    put(40)
    receiver.script["lrs:1"] = [RETRY]
    worker.deliver_due()
    # 10 fail (they wait for their retry); then 5, growing by a step (2) while answered fast.
    assert [len(ids) for _target, ids in receiver.calls] == [10, 5, 7, 9, 9]


@pytest.fixture
def db_worker_receiver(app, make_worker, monkeypatch):
    from lti_tool.outbox import enqueue
    from lti_tool.outbox.channels import CHANNELS, Channel
    from tests.test_outbox_worker import Receiver

    receiver = Receiver()
    monkeypatch.setitem(CHANNELS, "fake", Channel(receiver, batched=True))
    database = app.extensions["db"]

    def put(count: int) -> None:
        with database.session() as session:
            for n in range(count):
                enqueue(session, kind="fake", target="lrs:1", payload={"n": n})

    return make_worker(batch_size=10, claim_limit=40), receiver, put


# ---- against the slow LRS --------------------------------------------------------------------

def test_an_lrs_that_slows_down_gets_smaller_batches_not_timeouts(app, org_launch, set_lrs, slow_lrs):
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, slow_lrs.endpoint, "key", "secret-123456")
    ids = _queue(app, launch, 600)
    # Doubling while fast (20, 40, 80), the largest batch (80) takes 2 s once the LRS is slow:
    # inside the 3 s read timeout, so it is the following batches that must be smaller.
    worker = _worker(app, batch_size=20, claim_limit=80)
    while worker.deliver_due():
        pass
    fast = [size for size, slow, _ in slow_lrs.batches if not slow]
    slow = [size for size, slow, _ in slow_lrs.batches if slow]
    assert max(fast) > 20, fast  # the fast LRS got larger batches than the first
    assert max(slow[2:]) <= max(fast) // 2, slow  # after the slowdown: half of that at most
    # Once the size has settled, a batch takes about the slow mark, far inside the timeout.
    assert max(seconds for _, is_slow, seconds in slow_lrs.batches[-5:] if is_slow) < READ_TIMEOUT / 2
    # No timeout: each statement sent once, delivered at the first attempt.
    assert slow_lrs.posted == Counter({statement_id: 1 for statement_id in ids})
    with app.extensions["db"].session() as session:
        assert {(row.status, row.attempts) for row in session.query(OutboxMessage)} == {("delivered", 1)}


def test_a_fixed_batch_as_large_times_out_on_the_same_lrs(app, org_launch, set_lrs, slow_lrs):
    """The control: the design before (one fixed size) sends 200 at 25 ms each and waits
    past the read timeout."""
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, slow_lrs.endpoint, "key", "secret-123456")
    slow_lrs.slow_after = 0
    _queue(app, launch, 200)
    worker = _worker(app, batch_size=200, claim_limit=200)
    worker.sizes.record = lambda target, sent, seconds, ok, fitted: 200  # type: ignore[method-assign]
    worker.deliver_due()
    with app.extensions["db"].session() as session:
        errors = {row.last_error for row in session.query(OutboxMessage)}
    assert errors == {"LRS onbereikbaar: timeout"}


def test_several_workers_on_a_slow_lrs_send_each_statement_once(app, org_launch, set_lrs, slow_lrs):
    """With short leases (8 s: half of it for a round, then at most the read timeout of 3 s
    for the last batch), a worker gives back what it cannot send in time; nothing is sent
    twice."""
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, slow_lrs.endpoint, "key", "secret-123456")
    slow_lrs.slow_after = 0
    slow_lrs.per_statement = 0.05  # 100 claimed take 5 s or more: past half the lease
    ids = _queue(app, launch, 300)
    barrier = threading.Barrier(3)

    def work() -> None:
        worker = _worker(app, batch_size=20, claim_limit=100, lease_seconds=8.0)
        barrier.wait()
        for _ in range(200):
            if not worker.deliver_due():
                with app.extensions["db"].session() as session:
                    if not session.query(OutboxMessage).filter(OutboxMessage.status == "pending").count():
                        return
                time.sleep(0.2)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    extra = sum(slow_lrs.posted.values()) - len(slow_lrs.posted)
    assert extra == 0, f"{extra} statements were sent more than once"
    assert slow_lrs.posted == Counter({statement_id: 1 for statement_id in ids})
