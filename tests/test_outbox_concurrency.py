"""Several outbox workers at once deliver each message once, counted on the wire.

A proxy in front of the real Ralph LRS counts every statement id in every POST: Ralph
itself de-duplicates by id, so counting what it stored could not see a second delivery.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from lti_tool import xapi
from lti_tool.models import OutboxMessage
from lti_tool.outbox.worker import OutboxWorker
from lti_tool.settings import OutboxSettings

pytest_plugins = ["conftest_ralph"]

WORKERS = 3
STATEMENTS = 240
MODULE = "rol-van-de-werkbegeleider"


def test_three_workers_deliver_each_statement_once_on_the_wire(app, org_launch, set_lrs, ralph,
                                                               lrs_proxy):
    database = app.extensions["db"]
    launches = [org_launch("org-a", sub=f"learner-{n}") for n in range(4)]
    set_lrs(launches[0].organisation_id, lrs_proxy.url + "/xAPI", ralph.username, ralph.password)
    with app.app_context(), database.session() as session:
        ids = [xapi.experienced(session, launches[n % 4], MODULE, "rol-video")
               .payload["statement"]["id"] for n in range(STATEMENTS)]
    barrier = threading.Barrier(WORKERS)

    def work() -> None:
        worker = OutboxWorker(database, secret_key=app.config["SECRET_KEY"],
                              config=OutboxSettings(claim_limit=15, batch_size=5))
        barrier.wait()
        while worker.deliver_due():
            pass

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    extra = sum(lrs_proxy.posted.values()) - len(set(lrs_proxy.posted))
    assert extra == 0, f"{extra} statements were posted more than once"
    assert lrs_proxy.posted == Counter({statement_id: 1 for statement_id in ids})
    with database.session() as session:
        assert {row.status for row in session.query(OutboxMessage)} == {"delivered"}


def test_the_worker_command_logs_each_delivery(app, settings, org_launch, set_lrs, ralph, tmp_path):
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, ralph.endpoint, ralph.username, ralph.password)
    with app.app_context(), app.extensions["db"].session() as session:
        xapi.experienced(session, launch, MODULE, "rol-video")
    env = {**os.environ, "DATABASE_URL": settings.database_url, "SECRET_KEY": settings.secret_key,
           "BASE_URL": settings.base_url, "INSTANCE_DIR": str(tmp_path), "LOG_JSON": "1"}
    result = subprocess.run([str(Path(sys.executable).parent / "lti-tool"), "worker", "--once"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    deliveries = [line for line in lines if line["message"] == "outbox delivery"]
    assert [(d["kind"], d["outcome"]) for d in deliveries] == [("xapi_statement", "delivered")]
