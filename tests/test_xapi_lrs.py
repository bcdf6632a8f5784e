"""xAPI delivery against a real Ralph LRS: statements arrive, once, whatever fails on the way.

Faults: the LRS is down while learners work; a batch holds a statement the LRS
already has; the LRS refuses our credentials; the worker process is SIGKILLed in
the middle of a batch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from lti_tool import xapi
from lti_tool.http import EgressPolicy, OutboundSession
from lti_tool.models import LrsSettings, OutboxMessage

pytest_plugins = ["conftest_ralph"]

MODULE = "rol-van-de-werkbegeleider"
BLOCKS = ["rol-wat-doe-je", "rol-video", "rol-vertrouwen", "rol-samenwerken", "rol-podcast", "rol-grenzen"]


@pytest.fixture
def launch(org_launch, set_lrs, ralph):
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, ralph.endpoint, ralph.username, ralph.password)
    return launch


def learner_works(app, launch, count: int) -> list[str]:
    """A learner's clicks: ``count`` statements queued as the player would queue them."""
    ids = []
    with app.app_context(), app.extensions["db"].session() as session:
        for n in range(count):
            message = xapi.experienced(session, launch, MODULE, BLOCKS[n % len(BLOCKS)])
            ids.append(message.payload["statement"]["id"])
    return ids


def stored_ids(ralph) -> Counter:
    return Counter(statement["id"] for statement in ralph.statements())


def statuses(app) -> Counter:
    with app.extensions["db"].session() as session:
        return Counter(row.status for row in session.query(OutboxMessage))


class CountingSession(OutboundSession):
    def __init__(self, settings) -> None:
        super().__init__(EgressPolicy.from_settings(settings))
        self.posts: list[int] = []

    def request(self, method, url, *args, **kwargs):
        if method.upper() == "POST":
            # The worker sends the stored statements as one JSON array (bytes).
            self.posts.append(len(json.loads(kwargs["data"])))
        return super().request(method, url, *args, **kwargs)


def test_statements_arrive_valid_and_once(app, launch, ralph, make_worker, drain):
    with app.app_context(), app.extensions["db"].session() as session:
        queued = [xapi.launched(session, launch),
                  xapi.experienced(session, launch, MODULE, "rol-video"),
                  xapi.answered(session, launch, MODULE, "rol-quiz", True, 1.0, ["b"]),
                  *xapi.module_result(session, launch, MODULE, True, True, 1.0),
                  xapi.terminated(session, launch, MODULE, 60.0)]
        sent = {m.payload["statement"]["id"]: m.payload["statement"] for m in queued}
    drain(make_worker())
    assert statuses(app) == {"delivered": len(sent)}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in sent})
    stored = {s["id"]: s for s in ralph.query()}
    for statement_id, statement in sent.items():
        assert stored[statement_id]["verb"] == statement["verb"]
        assert stored[statement_id]["actor"] == statement["actor"]
    completed = ralph.query(verb="http://adlnet.gov/expapi/verbs/completed")
    assert [s["id"] for s in completed] == [queued[3].payload["statement"]["id"]]


def test_redelivery_is_stored_once(app, launch, ralph, make_worker, drain):
    """At-least-once: the same statements sent again (a lost answer) are not stored twice."""
    ids = learner_works(app, launch, 5)
    drain(make_worker())
    with app.extensions["db"].session() as session:
        session.query(OutboxMessage).update({"status": "pending", "delivered_at": None})
    drain(make_worker())
    assert statuses(app) == {"delivered": 5}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})


def test_statements_go_in_batches(app, settings, launch, ralph, clock, drain):
    from lti_tool.outbox.worker import OutboxWorker
    from lti_tool.settings import OutboxSettings

    learner_works(app, launch, 23)
    http = CountingSession(settings)
    worker = OutboxWorker(app.extensions["db"], secret_key=app.config["SECRET_KEY"],
                          config=OutboxSettings(batch_size=10), now=clock.now, clock=clock.monotonic,
                          http=http)
    drain(worker)
    assert http.posts == [10, 13]  # a full batch answered fast: the next is up to twice as large
    assert sum(stored_ids(ralph).values()) == 23


def test_a_known_id_in_a_batch_does_not_cost_the_others(app, launch, ralph, make_worker, drain):
    ids = learner_works(app, launch, 6)
    with app.extensions["db"].session() as session:
        clash = dict(session.query(OutboxMessage).first().payload["statement"])
    clash["verb"] = {"id": "http://adlnet.gov/expapi/verbs/progressed"}  # same id, other content
    answer = requests.post(ralph.endpoint + "/statements", json=[clash],
                           auth=(ralph.username, ralph.password),
                           headers={"X-Experience-API-Version": "1.0.3"}, timeout=10)
    assert answer.ok
    drain(make_worker())  # the batch gets 409; the worker sends one by one
    assert statuses(app) == {"delivered": 6}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})
    with app.extensions["db"].session() as session:
        notes = {row.last_error for row in session.query(OutboxMessage)}
    assert notes == {None, "Het LRS had dit statement al (409)."}


class SizeLimitedProxy:
    """A stand-in for a reverse proxy with a body limit before the real Ralph: a POST of more
    than ``limit`` statements gets 413, anything else goes on to Ralph and back."""

    def __init__(self, ralph, limit: int) -> None:
        proxy = self
        self.posts: list[int] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                proxy.posts.append(len(json.loads(body)))
                if proxy.posts[-1] > limit:
                    status, content = 413, b""
                else:
                    answer = requests.post(ralph.endpoint + self.path.removeprefix("/xAPI"), data=body,
                                           auth=(ralph.username, ralph.password), timeout=10,
                                           headers={key: self.headers[key] for key in
                                                    ("Content-Type", "X-Experience-API-Version")})
                    status, content = answer.status_code, answer.content
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}/xAPI"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_batch_too_large_for_a_proxy_goes_in_halves_then_at_the_size_that_fitted(
        app, launch, ralph, set_lrs, make_worker, drain):
    proxy = SizeLimitedProxy(ralph, limit=5)
    try:
        set_lrs(launch.organisation_id, proxy.endpoint, ralph.username, ralph.password)
        worker = make_worker(batch_size=16)
        ids = learner_works(app, launch, 16)
        drain(worker)
        assert proxy.posts == [16, 8, 4, 4, 8, 4, 4]  # not 16 single statements after the 413
        proxy.posts.clear()
        ids += learner_works(app, launch, 18)  # the next burst: 4 a POST, the most that got through
        drain(worker)
    finally:
        proxy.server.shutdown()
    assert proxy.posts == [4, 4, 4, 4, 2]  # ceil(18 / 4) POSTs, no 413 and no halving again
    assert statuses(app) == {"delivered": 34}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})


def test_lrs_down_while_learners_work_then_back(app, launch, ralph, make_worker, clock, drain):
    ralph.stop()
    worker = make_worker(batch_size=4, breaker_threshold=3, breaker_cooldown_seconds=60)
    ids = []
    for _ in range(5):  # learners keep working; the worker keeps failing, then stops trying
        ids += learner_works(app, launch, 4)
        worker.deliver_due()
        clock.advance(30)
    with app.extensions["db"].session() as session:
        rows = session.query(OutboxMessage).all()
    assert {row.status for row in rows} == {"pending"}
    assert max(row.attempts for row in rows) <= 3  # the circuit breaker spared the rest
    assert "LRS onbereikbaar" in {row.last_error for row in rows if row.last_error}.pop()

    ralph.start()
    drain(worker)
    assert statuses(app) == {"delivered": 20}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})


def test_wrong_credentials_hold_statements_and_are_reported(app, client, launch, ralph, set_lrs,
                                                            make_worker, clock, admin_auth):
    set_lrs(launch.organisation_id, ralph.endpoint, ralph.username, "not-the-secret")
    ids = learner_works(app, launch, 3)
    worker = make_worker(max_attempts=2)
    for _ in range(4):  # far more rounds than max_attempts: still never dead
        worker.deliver_due()
        clock.advance(4000)
    with app.extensions["db"].session() as session:
        rows = session.query(OutboxMessage).all()
        assert {(row.status, row.attempts) for row in rows} == {("pending", 0)}
        assert all("weigert de inloggegevens (401)" in row.last_error for row in rows)
        assert session.get(LrsSettings, launch.organisation_id).credentials_rejected_at is not None
    assert stored_ids(ralph) == Counter()

    page = client.get("/admin/outbox/", auth=admin_auth)
    assert "De LRS weigert de inloggegevens" in page.text and "3 statement(s)" in page.text
    assert "not-the-secret" not in page.text

    set_lrs(launch.organisation_id, ralph.endpoint, ralph.username, ralph.password)  # fixed
    worker.deliver_due()  # at once: fixing the credentials ends the long wait
    assert statuses(app) == {"delivered": 3}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})
    with app.extensions["db"].session() as session:
        assert session.get(LrsSettings, launch.organisation_id).credentials_rejected_at is None


def test_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(app, settings, launch, ralph, set_lrs,
                                                                   lrs_proxy, make_worker, clock, drain,
                                                                   tmp_path):
    set_lrs(launch.organisation_id, lrs_proxy.url + "/xAPI", ralph.username, ralph.password)
    ids = learner_works(app, launch, 30)
    lrs_proxy.hold_next_post()
    env = {**os.environ, "DATABASE_URL": settings.database_url, "SECRET_KEY": settings.secret_key,
           "BASE_URL": settings.base_url, "INSTANCE_DIR": str(tmp_path / "worker"),
           "DEVLMS_ENABLED": "0", "OUTBOX_BATCH_SIZE": "10", "OUTBOX_LEASE_SECONDS": "1"}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "lti-tool"), "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert lrs_proxy.forwarded.wait(timeout=60), "the worker never sent a batch"
        assert sum(stored_ids(ralph).values()) == 10  # the LRS has the batch; the worker has no answer
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        lrs_proxy.release()
    with app.extensions["db"].session() as session:
        rows = session.query(OutboxMessage).all()
    # All claimed in one round, none recorded: the dead worker's lease is all that is left.
    assert {(row.status, row.attempts) for row in rows} == {("pending", 1)}

    clock.advance(5)  # the lease ran out: another worker takes over
    drain(make_worker(batch_size=10))
    assert statuses(app) == {"delivered": 30}
    assert stored_ids(ralph) == Counter({statement_id: 1 for statement_id in ids})
