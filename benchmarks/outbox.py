"""Outbox benchmark: xAPI delivery rate to a local Ralph LRS, and what queueing costs a page.

1. Statements per second from the outbox to a real Ralph LRS (``.venv-ralph``, file-system
   backend, basic auth on 127.0.0.1), batched (``--batch-size``, default 50) against one
   statement per POST.
2. The latency of a learner's block page (``GET /learn/m/<module>/b/<block>``, which already
   records the visit and commits) without and with an xAPI ``experienced`` statement queued
   in the same transaction, as the player does once it is wired; also with the call made
   while the organisation has no LRS (the no-op path).

    .venv/bin/python benchmarks/outbox.py [--statements 1000] [--requests 400]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]

The default database is a temporary SQLite file; a PostgreSQL URL must name an empty
database (it is migrated).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest_ralph import make_launch_row, make_organisation  # noqa: E402
from ralph_lrs import RalphLrs  # noqa: E402

from lti_tool import create_app, xapi  # noqa: E402
from lti_tool.launch_context import Launch  # noqa: E402
from lti_tool.learning import progress  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.models import Organisation, OutboxMessage  # noqa: E402
from lti_tool.outbox.worker import OutboxWorker  # noqa: E402
from lti_tool.settings import OutboxSettings, Settings  # noqa: E402
from lti_tool.web import issue_launch_token, launch_from_row  # noqa: E402
from lti_tool.xapi.lrs_config import save_lrs  # noqa: E402

MODULE = "rol-van-de-werkbegeleider"
BLOCK = "rol-wat-doe-je"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup(database_url: str, workdir: Path) -> tuple[Flask, dict[str, Launch]]:
    """The app and two learners' launches: one organisation with an LRS, one with it off."""
    upgrade(database_url)
    settings = Settings(environment="bench", base_url="http://127.0.0.1:5000", database_url=database_url,
                        secret_key="bench-" + uuid.uuid4().hex, instance_dir=workdir / "instance",
                        devlms_enabled=False, log_json=True)
    app = create_app(settings)
    launches = {}
    with app.extensions["db"].session() as session:
        for name in ("enabled", "disabled"):
            _, registration = make_organisation(session, f"bench-{name}")
            launches[name] = launch_from_row(make_launch_row(session, registration, content_item_id=MODULE))
    return app, launches


def set_lrs(app, launch: Launch, ralph: RalphLrs, enabled: bool) -> None:
    with app.extensions["db"].session() as session:
        save_lrs(session, session.get(Organisation, launch.organisation_id), app.config["SECRET_KEY"],
                 endpoint=ralph.endpoint, key=ralph.username, secret=ralph.password, enabled=enabled,
                 identify_learners=False)


def delivery_rate(app, launch, ralph: RalphLrs, statements: int, batch_size: int) -> float:
    ralph.clear()
    with app.app_context(), app.extensions["db"].session() as session:
        session.query(OutboxMessage).delete()
        for n in range(statements):
            xapi.experienced(session, launch, MODULE, f"{BLOCK}-{n}")
    worker = OutboxWorker(app.extensions["db"], secret_key=app.config["SECRET_KEY"],
                          config=OutboxSettings(batch_size=batch_size, claim_limit=500))
    started = time.perf_counter()
    while worker.deliver_due():
        pass
    elapsed = time.perf_counter() - started
    stored = len(ralph.statements())
    if stored != statements:
        raise SystemExit(f"expected {statements} statements in the LRS, found {stored}")
    return statements / elapsed


class StatementPerVisit:
    """Makes the block page queue ``experienced`` next to its visit record while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.original = progress.visit

    def __enter__(self) -> StatementPerVisit:
        def visit(session, launch, module, block):
            row = self.original(session, launch, module, block)
            if self.on:
                xapi.experienced(session, launch, module.id, block.id)
            return row

        progress.visit = visit
        return self

    def __exit__(self, *_exc) -> None:
        progress.visit = self.original


def page_latencies(app, launches: dict[str, Launch], requests: int) -> dict[str, list[float]]:
    """Block page timings per variant, interleaved so that machine noise hits all alike.

    Variants: ``plain`` (no xAPI call), ``queued`` (statement queued for an enabled LRS),
    ``lrs off`` (the call made for an organisation whose LRS is switched off).
    """
    client = app.test_client()
    urls = {}
    with app.test_request_context():
        for name, launch in launches.items():
            urls[name] = f"/learn/m/{MODULE}/b/{BLOCK}?lt={issue_launch_token(launch.session_id)}"
    variants = [("plain", "enabled", False), ("queued", "enabled", True), ("lrs off", "disabled", True)]
    timings: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    with StatementPerVisit() as hook:
        for round_number in range(requests + 20):  # the first 20 rounds warm up
            for name, launch_name, emit in variants:
                hook.on = emit
                started = time.perf_counter()
                response = client.get(urls[launch_name])
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200
                if round_number >= 20:
                    timings[name].append(elapsed)
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        app, launches = setup(database_url, workdir)
        ralph = RalphLrs(free_port(), workdir / "ralph")
        ralph.start()
        try:
            set_lrs(app, launches["enabled"], ralph, enabled=True)
            set_lrs(app, launches["disabled"], ralph, enabled=False)
            print(f"database: {app.extensions['db'].engine.dialect.name}")
            print(f"xAPI delivery to Ralph 5.1.0 (file-system backend), {args.statements} statements:")
            for size in (args.batch_size, 1):
                rate = delivery_rate(app, launches["enabled"], ralph, args.statements, size)
                print(f"  batch size {size:3d}: {rate:8.1f} statements/s")
            print(f"Block page latency, {args.requests} requests per variant, interleaved:")
            for name, timings in page_latencies(app, launches, args.requests).items():
                print(f"  {name:8s} {summary(timings)}")
        finally:
            ralph.stop()
            app.extensions["db"].dispose()


if __name__ == "__main__":
    main()
