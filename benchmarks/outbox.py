"""Outbox benchmark: xAPI delivery to a real Ralph LRS, and what an outbox write costs a page.

1. Delivery. Statements are queued through the public ``lti_tool.xapi`` API and delivered by
   ``lti-tool worker`` processes (the production worker) to a real Ralph 5.1.0 LRS
   (``.venv-ralph``, file-system backend, basic auth on 127.0.0.1). Between the workers and
   Ralph sits a counting proxy: Ralph de-duplicates statements by id, so only the wire shows
   a statement sent twice. In the same run:

   * the naive design, one POST per statement (``OUTBOX_BATCH_SIZE=1``), one worker;
   * the outbox as configured: batches that start at ``--batch-size`` and adapt to how fast
     the LRS answers (up to ``--claim-limit``, ``OUTBOX_CLAIM_LIMIT``), one worker;
   * the same with ``--workers`` workers at once (PostgreSQL only: they claim with
     ``SKIP LOCKED``);
   * the tool alone: one worker sending to a stand-in LRS that answers 200 at once and
     stores nothing (the counting proxy without Ralph behind it), the tool's own ceiling;
     on PostgreSQL also with ``--workers`` workers.

   The rate is statements / (last answer - first POST) as the proxy saw them, so worker
   start-up is not counted; so is the workers' CPU per statement (user + system, from the
   first POST on; with several workers a later one may still be starting then, so that figure
   is an upper bound). Every run checks that Ralph holds every statement exactly once.

2. Page cost. The learner's block page (``GET /learn/m/<module>/b/<block>``) records the visit
   and, when the organisation has an LRS, queues an xAPI ``experienced`` statement in the
   same transaction. It is timed (wall and CPU of this process, in-process test client) for
   a learner whose organisation has its LRS switched on and one whose LRS is off, request by
   request interleaved; the difference is what the outbox write adds.

    .venv/bin/python benchmarks/outbox.py [--statements 2000] [--naive-statements 200]
        [--batch-size 50] [--claim-limit 200] [--workers 4] [--requests 300] [--database postgresql sqlite]
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    CACHE,
    ROOT,
    VENV_BIN,
    free_port,
    fresh_postgres,
    machine_line,
    median,
    percentile,
    postgres_available,
    print_table,
    ratio,
)

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest_ralph import make_launch_row, make_organisation  # noqa: E402
from flask import Flask  # noqa: E402
from ralph_lrs import RalphLrs  # noqa: E402
from sqlalchemy import delete, func, select  # noqa: E402

from lti_tool import create_app, xapi  # noqa: E402
from lti_tool.launch_context import Launch  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.models import Organisation, OutboxMessage  # noqa: E402
from lti_tool.outbox.outcome import DELIVERED  # noqa: E402
from lti_tool.settings import Settings  # noqa: E402
from lti_tool.web import issue_launch_token, launch_from_row  # noqa: E402
from lti_tool.xapi.lrs_config import save_lrs  # noqa: E402

MODULE = "rol-van-de-werkbegeleider"
BLOCK = "rol-wat-doe-je"
GOAL_RATE, GOAL_PAGE_MS = 3000, 1.0
TOOL_ALONE = "tool alone"


# ---- the wire ------------------------------------------------------------------------------------

class WireCounter:
    """An HTTP proxy in front of Ralph that counts the statement ids POSTed through it.

    Without ``upstream_port`` it is a stand-in LRS that stores nothing and answers at once."""

    def __init__(self, upstream_port: int | None) -> None:
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.reset()
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The answer goes out as headers, then body: with Nagle's algorithm on, the body
            # waits for the client's delayed ACK of the headers (about 40 ms per POST here).
            disable_nagle_algorithm = True

            def log_message(self, *_args) -> None:
                pass

            def _forward(self) -> None:
                started = time.perf_counter()
                counter.first_seen.set()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
                if counter.upstream_port is None:
                    status, answer_headers, payload = 200, [("Content-Type", "application/json")], b"[]"
                else:
                    upstream = http.client.HTTPConnection("127.0.0.1", counter.upstream_port, timeout=60)
                    try:
                        upstream.request(self.command, self.path, body=body, headers=headers)
                        answer = upstream.getresponse()
                        status, answer_headers, payload = answer.status, answer.getheaders(), answer.read()
                    finally:
                        upstream.close()
                if self.command == "POST" and self.path.rstrip("/").endswith("/statements"):
                    counter.saw(body, status, started)
                self.send_response(status)
                for name, value in answer_headers:
                    if name.lower() not in {"content-length", "connection", "transfer-encoding", "date",
                                            "server"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _forward  # noqa: N815 - http.server's naming

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/xAPI"

    def reset(self) -> None:
        self.first_seen = threading.Event()
        with self.lock:
            self.sent: Counter[str] = Counter()
            self.posts = 0
            self.sizes: list[int] = []
            self.refused = 0
            self.first: float | None = None
            self.last: float | None = None

    def saw(self, body: bytes, status: int, started: float) -> None:
        statements = json.loads(body)
        statements = statements if isinstance(statements, list) else [statements]
        with self.lock:
            self.posts += 1
            self.sizes.append(len(statements))
            self.first = started if self.first is None else min(self.first, started)
            self.last = time.perf_counter()
            if 200 <= status < 300:
                self.sent.update(s["id"] for s in statements)
            else:
                self.refused += 1

    def close(self) -> None:
        self.server.shutdown()


# ---- delivery ------------------------------------------------------------------------------------

def queue_statements(app: Flask, launch: Launch, count: int) -> None:
    with app.app_context(), app.extensions["db"].session() as session:
        session.execute(delete(OutboxMessage))
        for n in range(count):
            xapi.experienced(session, launch, MODULE, f"{BLOCK}-{n}")


def delivered(app: Flask) -> int:
    with app.extensions["db"].session() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == DELIVERED)) or 0


def deliver(app: Flask, launch: Launch, ralph: RalphLrs | None, wire: WireCounter, *, statements: int,
            batch_size: int, claim_limit: int, workers: int, timeout: float) -> dict[str, float]:
    """Queue, start the workers, wait until all is delivered; the wire's figures.

    ``ralph`` None: the wire is the stand-in LRS, and what it was sent counts as stored."""
    if ralph is not None:
        ralph.clear()
    queue_statements(app, launch, statements)
    wire.reset()
    env = {**os.environ, "DATABASE_URL": app.extensions["db"].url, "SECRET_KEY": app.config["SECRET_KEY"],
           "INSTANCE_DIR": str(app.instance_path), "OUTBOX_BATCH_SIZE": str(batch_size),
           "OUTBOX_CLAIM_LIMIT": str(claim_limit), "LOG_JSON": "1"}
    processes = []
    with (CACHE / "outbox-workers.log").open("a") as log:
        for _ in range(workers):
            processes.append(subprocess.Popen([str(VENV_BIN / "lti-tool"), "worker"], env=env,
                                              stdout=log, stderr=log))
        deadline = time.monotonic() + timeout
        try:
            # The workers' CPU from their first POST on: delivery only, not start-up.
            wire.first_seen.wait(timeout)
            cpu_at_start = sum(cpu_seconds(process.pid) for process in processes)
            while delivered(app) < statements:
                if time.monotonic() > deadline:
                    raise SystemExit(f"only {delivered(app)} of {statements} statements delivered "
                                     f"in {timeout:g} s (see {CACHE / 'outbox-workers.log'})")
                time.sleep(0.1)
            cpu = sum(cpu_seconds(process.pid) for process in processes) - cpu_at_start
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    stored = [s["id"] for s in ralph.statements()] if ralph is not None else list(wire.sent)
    elapsed = (wire.last or 0) - (wire.first or 0)
    return {"rate": statements / elapsed if elapsed > 0 else float("nan"), "posts": wire.posts,
            "sent": sum(wire.sent.values()), "twice": sum(n - 1 for n in wire.sent.values() if n > 1),
            "lost": statements - len(set(stored)), "stored_twice": len(stored) - len(set(stored)),
            "refused": wire.refused, "batch_median": median(wire.sizes) if wire.sizes else 0,
            "batch_max": max(wire.sizes, default=0), "cpu_ms": cpu * 1000 / statements}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def delivery_report(backend: str, results: list[tuple[str, int, dict[str, float]]]) -> None:
    print(f"\n{backend}: xAPI delivery to Ralph 5.1.0 (file-system backend) through a counting proxy")
    naive_rate = results[0][2]["rate"]
    print_table(["design", "statements", "POSTs", "batch median", "batch max", "statements/s", "× naive",
                 "worker CPU ms/statement", "sent twice", "lost", "refused"],
                [[name, count, r["posts"], f"{r['batch_median']:.0f}", r["batch_max"], f"{r['rate']:.0f}",
                  ratio(r["rate"], naive_rate), f"{r['cpu_ms']:.3f}", r["twice"], r["lost"], r["refused"]]
                 for name, count, r in results])
    best = max(r["rate"] for name, _, r in results if not name.startswith(TOOL_ALONE))
    print(f"  goal >= {GOAL_RATE:,} statements/s: {'met' if best >= GOAL_RATE else 'missed'} "
          f"(best {best:.0f}/s); goal nothing sent twice or lost: "
          f"{'met' if all(r['twice'] == 0 and r['lost'] == 0 for _, _, r in results) else 'missed'}")


# ---- page cost -----------------------------------------------------------------------------------

def page_cost(app: Flask, launches: dict[str, Launch], requests: int,
              warmup: int) -> dict[str, dict[str, list[float]]]:
    """Block page timings for the LRS-on and LRS-off learner, interleaved request by request."""
    client = app.test_client()
    with app.test_request_context():
        urls = {name: f"/learn/m/{MODULE}/b/{BLOCK}?lt={issue_launch_token(launch.session_id)}"
                for name, launch in launches.items()}
    figures: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in urls}
    for round_number in range(warmup + requests):
        for name, url in urls.items():
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            assert response.status_code == 200, response.status_code
            if round_number >= warmup:
                figures[name]["wall"].append(wall * 1000)
                figures[name]["cpu"].append(cpu * 1000)
    return figures


def page_report(backend: str, figures: dict[str, dict[str, list[float]]], requests: int) -> None:
    print(f"\n{backend}: block page, {requests} requests per variant, interleaved")
    on, off = figures["LRS on: statement queued"], figures["LRS off: no statement"]
    rows = [[name, f"{median(f['wall']):.2f}", f"{percentile(f['wall'], 0.95):.2f}",
             f"{median(f['cpu']):.2f}"] for name, f in figures.items()]
    added_wall = median(on["wall"]) - median(off["wall"])
    added_cpu = median(on["cpu"]) - median(off["cpu"])
    rows.append(["the outbox write adds", f"{added_wall:.2f}", "", f"{added_cpu:.2f}"])
    print_table(["variant", "wall ms median", "wall ms p95", "CPU ms median"], rows)
    verdict = "met" if added_wall < GOAL_PAGE_MS else "missed"
    print(f"  goal: an outbox write adds < {GOAL_PAGE_MS:g} ms: {verdict} "
          f"({added_wall:.2f} ms wall, {added_cpu:.2f} ms CPU)")


# ---- setup ---------------------------------------------------------------------------------------

def make_site(database_url: str, workdir: Path, lrs_endpoint: str, ralph: RalphLrs) -> tuple[Flask, dict]:
    """The app and two learners: one whose organisation has its LRS on, one whose LRS is off."""
    upgrade(database_url)
    settings = Settings(environment="bench", base_url="http://127.0.0.1:5000", database_url=database_url,
                        secret_key="bench-" + uuid.uuid4().hex, instance_dir=workdir / "instance",
                        devlms_enabled=False, log_json=True)
    app = create_app(settings)
    launches = {}
    with app.extensions["db"].session() as session:
        for name, enabled in (("LRS on: statement queued", True), ("LRS off: no statement", False)):
            organisation, registration = make_organisation(session, f"bench-{uuid.uuid4().hex[:6]}")
            launches[name] = launch_from_row(make_launch_row(session, registration, content_item_id=MODULE))
            save_lrs(session, session.get(Organisation, organisation.id), app.config["SECRET_KEY"],
                     endpoint=lrs_endpoint, key=ralph.username, secret=ralph.password, enabled=enabled,
                     identify_learners=False)
    return app, launches


def set_endpoint(app: Flask, launch: Launch, endpoint: str, ralph: RalphLrs) -> None:
    with app.extensions["db"].session() as session:
        save_lrs(session, session.get(Organisation, launch.organisation_id), app.config["SECRET_KEY"],
                 endpoint=endpoint, key=ralph.username, secret=ralph.password, enabled=True,
                 identify_learners=False)


def run_backend(backend: str, args: argparse.Namespace, ralph: RalphLrs, wire: WireCounter,
                null_lrs: WireCounter, workdir: Path) -> None:
    with ExitStack() as stack:
        if backend == "postgresql":
            url = stack.enter_context(fresh_postgres("lti_bench_outbox"))
        else:
            workdir.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{workdir / 'outbox.sqlite3'}"
        app, launches = make_site(url, workdir, wire.endpoint, ralph)
        stack.callback(app.extensions["db"].dispose)
        on = launches["LRS on: statement queued"]
        adaptive = f"adaptive batches {args.batch_size}..{args.claim_limit}"
        variants = [("naive: 1 statement per POST, 1 worker", args.naive_statements, 1, 1, 1),
                    (f"outbox: batches of {args.batch_size} (fixed), 1 worker", args.statements,
                     args.batch_size, args.batch_size, 1),
                    (f"outbox: {adaptive}, 1 worker", args.statements, args.batch_size, args.claim_limit, 1)]
        if backend == "postgresql" and args.workers > 1:
            variants.append((f"outbox: {adaptive}, {args.workers} workers",
                             args.statements, args.batch_size, args.claim_limit, args.workers))
        variants.append((f"{TOOL_ALONE}: {adaptive}, 1 worker, LRS stand-in storing nothing",
                         args.statements, args.batch_size, args.claim_limit, 1))
        if backend == "postgresql" and args.workers > 1:
            variants.append((f"{TOOL_ALONE}: {adaptive}, {args.workers} workers, "
                             "LRS stand-in storing nothing", args.statements, args.batch_size,
                             args.claim_limit, args.workers))
        results = []
        for name, count, batch_size, claim_limit, workers in variants:
            alone = name.startswith(TOOL_ALONE)
            if alone:  # the same organisation's LRS, pointed at the stand-in
                set_endpoint(app, on, null_lrs.endpoint, ralph)
            result = deliver(app, on, None if alone else ralph, null_lrs if alone else wire, statements=count,
                             batch_size=batch_size, claim_limit=claim_limit, workers=workers,
                             timeout=args.timeout)
            if alone:
                set_endpoint(app, on, wire.endpoint, ralph)
            results.append((name, count, result))
            print(f"  {backend} {name}: {result['rate']:.0f} statements/s", flush=True)
        delivery_report(backend, results)
        with app.app_context(), app.extensions["db"].session() as session:
            session.execute(delete(OutboxMessage))
        page_report(backend, page_cost(app, launches, args.requests, args.warmup), args.requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=2000, help="per batched run")
    parser.add_argument("--naive-statements", type=int, default=200, help="for one POST per statement")
    parser.add_argument("--batch-size", type=int, default=50, help="the first batch (OUTBOX_BATCH_SIZE)")
    parser.add_argument("--claim-limit", type=int, default=200,
                        help="the largest batch (OUTBOX_CLAIM_LIMIT)")
    parser.add_argument("--workers", type=int, default=4,
                        help="worker processes of the last run (PostgreSQL)")
    parser.add_argument("--requests", type=int, default=300, help="block pages per variant")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured block pages per variant first")
    parser.add_argument("--database", nargs="+", choices=["postgresql", "sqlite"], default=None,
                        help="default: both when PostgreSQL answers, else SQLite")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per delivery run")
    parser.add_argument("--quick", action="store_true", help="500 statements, 50 naive, 60 requests")
    args = parser.parse_args()
    if args.quick:
        args.statements, args.naive_statements, args.requests = 500, 50, 60
    backends = args.database or (["postgresql", "sqlite"] if postgres_available() else ["sqlite"])
    CACHE.mkdir(parents=True, exist_ok=True)
    print(machine_line())
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        ralph = RalphLrs(free_port(), Path(tmp) / "ralph")
        ralph.start()
        stack.callback(ralph.stop)
        wire = WireCounter(ralph.port)
        stack.callback(wire.close)
        null_lrs = WireCounter(None)
        stack.callback(null_lrs.close)
        for backend in backends:
            run_backend(backend, args, ralph, wire, null_lrs, Path(tmp) / backend)


if __name__ == "__main__":
    main()
