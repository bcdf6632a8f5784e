"""Login + launch in one process, for a profiler: ``py-spy record -- python benchmarks/profile_launch.py``.

The tool as in production but in-process (Flask's test client, no gunicorn), on SQLite,
``--postgres`` (a fresh database, made and dropped through ``BENCH_POSTGRES_URL``) or
``--database-url``, with the state store in the database or, with ``--redis-url``, in Redis;
a test platform's real RS256 id_token per launch (its JWKS is in the tool's key cache, so
nothing goes over the network; the platform's key is loaded once and its signing is not
counted) and a fresh cookie jar per launch, as the load generator has. Prints the tool's
CPU per login + launch and the SQL statements and commits it sent; ``--cprofile N`` prints
the N functions with the most CPU time (``--sort tottime`` for self time) instead of
needing py-spy.

    .venv/bin/python benchmarks/profile_launch.py [--launches 300] [--postgres | --database-url URL]
        [--redis-url redis://127.0.0.1:6379/9] [--lrs] [--cprofile 40] [--sort cumulative|tottime]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import logging
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jwt  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from sqlalchemy import event  # noqa: E402

from benchmarks.common import fresh_postgres  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.settings import PROJECT_ROOT, Settings  # noqa: E402
from tests.lti_platform import TestPlatform, start_login  # noqa: E402


@contextlib.contextmanager
def database(args: argparse.Namespace, tmp: str) -> Iterator[str]:
    if args.postgres:
        with fresh_postgres("profile_launch") as url:
            yield url
    else:
        yield args.database_url or f"sqlite:///{tmp}/tool.sqlite3"


def count_statements(engines: list) -> dict[str, int]:
    counts = {"statements": 0, "commits": 0}

    def statement(*_args: object) -> None:
        counts["statements"] += 1

    def commit(*_args: object) -> None:
        counts["commits"] += 1

    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    where.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database")
    parser.add_argument("--redis-url", default=None, help="the state store (and rate limits) in Redis")
    parser.add_argument("--lrs", action="store_true",
                        help="the organisation has an enabled LRS: each launch queues its xAPI statement")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(args, tmp) as url:
        upgrade(url)
        settings = Settings(environment="development", base_url="http://127.0.0.1:5000", database_url=url,
                            secret_key="profile-" + uuid.uuid4().hex, instance_dir=Path(tmp) / "instance",
                            content_dir=PROJECT_ROOT / "content_packages", devlms_enabled=False,
                            log_json=True, redis_url=args.redis_url)
        app = create_app(settings)
        logging.disable(logging.INFO)
        platform = TestPlatform(organisation_slug=f"profile-{uuid.uuid4().hex[:6]}")
        db = app.extensions["db"]
        platform.register(db)
        if args.lrs:
            from lti_tool.models import Organisation
            from lti_tool.xapi.lrs_config import save_lrs

            with db.session() as session:
                organisation = session.query(Organisation).filter_by(slug=platform.organisation_slug).one()
                save_lrs(session, organisation, settings.secret_key, endpoint="http://127.0.0.1:9/xAPI",
                         key="k", secret="profile-secret", enabled=True, identify_learners=False)
        client = app.test_client()
        private_key = serialization.load_pem_private_key(platform.pem.encode(), password=None)
        profiler = cProfile.Profile(time.process_time) if args.cprofile else None
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
            client._cookies.clear()  # type: ignore[union-attr]  # a fresh browser per launch, as lti_load
            state, nonce = tool(start_login, client, platform, settings.base_url)
            token = jwt.encode(platform.claims(nonce, sub=f"learner-{n % 50}"), private_key,  # type: ignore[arg-type]
                               algorithm="RS256", headers={"kid": platform.kid})
            response = tool(client.post, "/lti/launch", data={"id_token": token, "state": state})
            assert response.status_code == 303, response.get_data(as_text=True)[:300]

        for n in range(args.warmup):
            launch(n)
        if profiler:
            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        counts = count_statements([db.engine, db.side().engine])
        spent[0] = 0.0
        for n in range(args.launches):
            launch(n)
        cpu = spent[0]
        where_ = "PostgreSQL" if db.engine.dialect.name == "postgresql" else "SQLite"
        store = ("Redis" if args.redis_url else "the database") + (", LRS on" if args.lrs else "")
        print(f"{args.launches} login + launch: {cpu * 1000 / args.launches:.2f} ms CPU each "
              f"(the tool's part of this process; {where_}, state in {store}); "
              f"{counts['statements'] / args.launches:.1f} SQL statements and "
              f"{counts['commits'] / args.launches:.1f} commits each")
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.cprofile)
        db.dispose()


if __name__ == "__main__":
    main()
