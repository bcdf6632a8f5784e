"""Launch benchmark: LTI 1.3 launches from the development LMS, over real HTTP.

Measures, over N launches (default 100), the median and 95th percentile of
  * the whole flow a browser goes through (LMS page -> OIDC login -> platform auth ->
    id_token POST -> first tool page), and
  * the tool's own launch step alone (POST /lti/launch: every check, the records, the redirect).

Usage: .venv/bin/python benchmarks/launch.py [-n 100] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from devlms.client import DevLmsClient, parse_page  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.settings import PROJECT_ROOT, Settings  # noqa: E402

PLACEMENT = "de-rol-van-de-werkbegeleider"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lti-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(environment="benchmark", base_url=f"http://127.0.0.1:{port}",
                        devlms_base_url=f"http://localhost:{port}/devlms", database_url=database_url,
                        secret_key="benchmark-" + os.urandom(16).hex(), instance_dir=workdir,
                        content_dir=PROJECT_ROOT / "content_packages", log_json=True)
    upgrade(database_url)
    import logging

    app = create_app(settings)
    logging.getLogger().setLevel(logging.WARNING)
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    client = DevLmsClient(settings.devlms_base_url)
    client.sign_in("devlms-learner-1")
    client.launch(PLACEMENT)  # warm-up: JWKS caches, templates, content
    whole, tool_step = [], []
    for _ in range(args.n):
        started = time.perf_counter()
        page = client.http.get(f"{client.base}/launch/{PLACEMENT}")
        autopost = client.http.get(urljoin(page.url, parse_page(page.text).iframe_src))
        form = parse_page(autopost.text)
        step_started = time.perf_counter()
        response = client.http.post(form.form_action, data=form.fields, allow_redirects=False)
        tool_step.append(time.perf_counter() - step_started)
        assert response.status_code == 303, response.text[:300]
        landed = client.http.get(urljoin(form.form_action, response.headers["Location"]))
        assert landed.status_code == 200
        whole.append(time.perf_counter() - started)
    server.shutdown()

    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms"

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"database {database_url.split(':')[0]}")
    print(f"launches: {args.n}")
    print(f"whole flow (LMS page -> first tool page): median {ms(statistics.median(whole))}, "
          f"p95 {ms(percentile(whole, 0.95))}")
    print(f"tool launch step (POST /lti/launch):      median {ms(statistics.median(tool_step))}, "
          f"p95 {ms(percentile(tool_step, 0.95))}")


if __name__ == "__main__":
    main()
