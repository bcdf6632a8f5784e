"""Login + launch in one process, for a profiler: ``py-spy record -- python benchmarks/profile_launch.py``.

The tool as in production but in-process (Flask's test client, no gunicorn), on SQLite or
``--database-url``, with a test platform's real RS256 id_token per launch (its JWKS is in the
tool's key cache, so nothing goes over the network; the platform's key is loaded once and
its signing is not counted). Prints the tool's CPU per login + launch;
``--cprofile N`` prints the N functions with the most cumulative time instead of needing
py-spy.

    .venv/bin/python benchmarks/profile_launch.py [--launches 300] [--database-url URL] [--cprofile 40]
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jwt  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.settings import PROJECT_ROOT, Settings  # noqa: E402
from tests.lti_platform import TestPlatform, start_login  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/tool.sqlite3"
        upgrade(url)
        settings = Settings(environment="development", base_url="http://127.0.0.1:5000", database_url=url,
                            secret_key="profile-" + uuid.uuid4().hex, instance_dir=Path(tmp) / "instance",
                            content_dir=PROJECT_ROOT / "content_packages", devlms_enabled=False,
                            log_json=True)
        app = create_app(settings)
        logging.disable(logging.INFO)
        platform = TestPlatform(organisation_slug=f"profile-{uuid.uuid4().hex[:6]}")
        platform.register(app.extensions["db"])
        client = app.test_client()
        private_key = serialization.load_pem_private_key(platform.pem.encode(), password=None)
        profiler = cProfile.Profile() if args.cprofile else None
        spent = [0.0]

        def tool(call, *call_args, **kwargs):
            started = time.process_time()
            if profiler:
                profiler.enable()
            try:
                return call(*call_args, **kwargs)
            finally:
                if profiler:
                    profiler.disable()
                spent[0] += time.process_time() - started

        def launch(n: int) -> None:
            state, nonce = tool(start_login, client, platform, settings.base_url)
            token = jwt.encode(platform.claims(nonce, sub=f"learner-{n % 50}"), private_key,  # type: ignore[arg-type]
                               algorithm="RS256", headers={"kid": platform.kid})
            response = tool(client.post, "/lti/launch", data={"id_token": token, "state": state})
            assert response.status_code == 303, response.get_data(as_text=True)[:300]

        for n in range(args.warmup):
            launch(n)
        if profiler:
            profiler = cProfile.Profile()
        spent[0] = 0.0
        for n in range(args.launches):
            launch(n)
        cpu = spent[0]
        print(f"{args.launches} login + launch: {cpu * 1000 / args.launches:.2f} ms CPU each "
              f"(the tool's part of this process)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
