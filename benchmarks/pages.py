"""Page benchmark: SQL statements and server CPU per learner page, at two data sizes.

Two databases are seeded with bulk inserts: a small one (200 learners in 2 organisations) and
a large one (10,000 learners in 100 organisations), each learner with a launch, progress in
three modules and four answers, every organisation with a platform registration and an LRS
(so pages queue their xAPI statements, as in a school that has one). One learner's launch
token then opens, in both databases and interleaved request by request:

* the course page (``GET /learn/course``),
* a block page (``GET /learn/m/<module>/b/<block>``: records the visit, queues a statement),
* an answer POST (``POST /learn/m/<module>/b/<quiz>/answer``: a new attempt at the quiz).

Requests go through the in-process test client. Per request it counts the SQL statements the
app sends (a SQLAlchemy ``before_cursor_execute`` listener) and the CPU time of this process
(the whole web side: Flask, SQLAlchemy, the driver; on SQLite also the database engine, on
PostgreSQL not the database server). The small database is the reference: the ratio
large/small shows whether a page's cost grows with the number of learners and organisations.

    .venv/bin/python benchmarks/pages.py [--requests 200] [--database postgresql sqlite]
        [--show-sql]      # print the statements of one request of each page
        [--cprofile 25]   # and where the CPU goes: cProfile over the large site's measured requests
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    fresh_postgres,
    machine_line,
    median,
    percentile,
    postgres_available,
    print_table,
    ratio,
)

sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.migrate import upgrade  # noqa: E402
from lti_tool.models import (  # noqa: E402
    Answer,
    CourseContext,
    Deployment,
    LaunchSession,
    Learner,
    LrsSettings,
    ModuleProgress,
    Organisation,
    PlatformRegistration,
    ResourceLink,
    utcnow,
)
from lti_tool.settings import Settings  # noqa: E402
from lti_tool.web import issue_launch_token  # noqa: E402
from lti_tool.xapi.lrs_config import save_lrs  # noqa: E402

SIZES = {"small": (200, 2), "large": (10_000, 100)}  # learners, organisations
MODULES = ("rol-van-de-werkbegeleider", "nieuwe-collega-inwerken", "begeleidingsbehoefte-in-kaart")
MODULE, BLOCK, QUIZ = MODULES[0], "rol-wat-doe-je", "rol-quiz"
LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
GOAL_QUERIES, GOAL_CPU_MS = 5, 4.0


# ---- seeding -------------------------------------------------------------------------------------

def _insert_returning_ids(session, model, rows: list[dict]) -> list[int]:
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


def seed(app: Flask, learners: int, organisations: int) -> str:
    """Bulk-insert the data set; returns the launch session id of the learner we measure."""
    now, expires = utcnow(), utcnow() + timedelta(hours=8)
    with app.extensions["db"].session() as session:
        org_ids = _insert_returning_ids(session, Organisation, [
            {"slug": f"org-{n}", "name": f"Organisatie {n}", "created_at": now}
            for n in range(organisations)])
        issuers = [f"https://lms.org-{n}.example.org" for n in range(organisations)]
        reg_ids = _insert_returning_ids(session, PlatformRegistration, [
            {"organisation_id": org, "name": f"LMS {n}", "issuer": iss, "client_id": "client-1",
             "auth_login_url": iss + "/auth", "auth_token_url": iss + "/token", "jwks_url": iss + "/jwks",
             "active": True, "accept_first_deployment": False, "created_at": now}
            for n, (org, iss) in enumerate(zip(org_ids, issuers, strict=True))])
        session.execute(insert(Deployment), [
            {"registration_id": reg, "deployment_id": "dep-1", "active": True, "created_at": now}
            for reg in reg_ids])
        context_ids = _insert_returning_ids(session, CourseContext, [
            {"registration_id": reg, "context_id": "course-1", "title": "Werkbegeleiding", "created_at": now}
            for reg in reg_ids])
        link_ids = _insert_returning_ids(session, ResourceLink, [
            {"registration_id": reg, "context_id": ctx, "resource_link_id": "link-1",
             "content_item_id": MODULE, "title": "Module 1", "created_at": now}
            for reg, ctx in zip(reg_ids, context_ids, strict=True)])
        # Every organisation has an LRS: one encrypted secret, copied to the others.
        first = session.get(Organisation, org_ids[0])
        lrs = save_lrs(session, first, app.config["SECRET_KEY"], endpoint="http://127.0.0.1:9/xAPI",
                       key="bench", secret="bench-secret-123", enabled=True, identify_learners=False)
        session.flush()
        if len(org_ids) > 1:
            session.execute(insert(LrsSettings), [
                {"organisation_id": org, "endpoint": lrs.endpoint, "key": lrs.key,
                 "secret_encrypted": lrs.secret_encrypted, "secret_hint": lrs.secret_hint, "enabled": True,
                 "identify_learners": False, "updated_at": now} for org in org_ids[1:]])

        tenant = [n % organisations for n in range(learners)]
        learner_ids = _insert_returning_ids(session, Learner, [
            {"organisation_id": org_ids[t], "issuer": issuers[t], "sub": f"user-{n:05d}",
             "name": f"Deelnemer {n}", "email": f"user-{n:05d}@example.org", "created_at": now}
            for n, t in enumerate(tenant)])
        session_ids = [uuid.uuid4().hex for _ in learner_ids]
        ags = {"lineitem": "https://lms.example.org/lineitems/1", "scope": [SCORE_SCOPE]}
        session.execute(insert(LaunchSession), [
            {"id": sid, "learner_id": lid, "registration_id": reg_ids[t], "deployment_id": "dep-1",
             "context_id": context_ids[t], "resource_link_id": link_ids[t],
             "message_type": "LtiResourceLinkRequest", "roles": [LEARNER_ROLE], "ags": ags,
             "expires_at": expires, "created_at": now}
            for sid, lid, t in zip(session_ids, learner_ids, tenant, strict=True)])
        session.execute(insert(ModuleProgress), [
            {"learner_id": lid, "context_id": context_ids[t], "module_id": module,
             "last_block_id": None, "blocks_done": [], "status": "started", "created_at": now,
             "updated_at": now}
            for lid, t in zip(learner_ids, tenant, strict=True) for module in MODULES])
        session.execute(insert(Answer), [
            {"learner_id": lid, "context_id": context_ids[t], "module_id": MODULES[1],
             "block_id": f"answer-{k}", "response": {"text": "Een antwoord."}, "created_at": now}
            for lid, t in zip(learner_ids, tenant, strict=True) for k in range(4)])
    return session_ids[-1]  # the last learner: in the last organisation


# ---- measuring -----------------------------------------------------------------------------------

class QueryCounter:
    """Counts (and, while ``keep`` is on, keeps) the SQL statements an engine sends."""

    def __init__(self, engine) -> None:
        self.count = 0
        self.keep = False
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        self.count += 1
        if self.keep:
            self.statements.append(" ".join(statement.split()))


@dataclass
class Site:
    """One database and the app on it, with one learner's launch token."""

    name: str
    app: Flask
    token: str
    counter: QueryCounter
    quiz_form: dict[str, str]
    attempts: int = 0
    figures: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    sql: dict[str, list[str]] = field(default_factory=dict)
    profiles: dict[str, cProfile.Profile] | None = None  # per page, when profiling

    def request(self, page: str):
        client = self.app.test_client()
        if page == "course page":
            return client.get(f"/learn/course?lt={self.token}")
        if page == "block page":
            return client.get(f"/learn/m/{MODULE}/b/{BLOCK}?lt={self.token}")
        self.attempts += 1
        return client.post(f"/learn/m/{MODULE}/b/{QUIZ}/answer", data={
            "lt": self.token, "attempt": str(self.attempts - 1), **self.quiz_form})

    def measure(self, page: str, keep_sql: bool) -> None:
        self.counter.count, self.counter.keep, self.counter.statements = 0, keep_sql, []
        profile = self.profiles.setdefault(page, cProfile.Profile()) if self.profiles is not None else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        response = self.request(page)
        if profile is not None:
            profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        expected = 303 if page == "answer POST" else 200
        if response.status_code != expected or "al-verstuurd" in response.headers.get("Location", ""):
            raise SystemExit(f"{self.name} {page}: {response.status_code} {response.headers.get('Location')}")
        figures = self.figures.setdefault(page, {"queries": [], "cpu": [], "wall": []})
        figures["queries"].append(self.counter.count)
        figures["cpu"].append(cpu * 1000)
        figures["wall"].append(wall * 1000)
        if keep_sql:
            self.sql[page] = self.counter.statements


PAGES = ("course page", "block page", "answer POST")


def quiz_form(settings: Settings) -> dict[str, str]:
    """One option per question of the quiz: a complete answer."""
    from lti_tool.content import get_course

    quiz = get_course(settings).module(MODULE).block(QUIZ)
    return {f"q-{question.id}": question.options[0].id for question in quiz.questions}


@contextmanager
def site(name: str, database_url: str, workdir: Path, learners: int, organisations: int) -> Iterator[Site]:
    upgrade(database_url)
    settings = Settings(environment="bench", base_url="http://127.0.0.1:5000", database_url=database_url,
                        secret_key="bench-" + uuid.uuid4().hex, instance_dir=workdir / name,
                        devlms_enabled=False, log_json=True)
    app = create_app(settings)
    started = time.perf_counter()
    session_id = seed(app, learners, organisations)
    print(f"  seeded {name}: {learners:,} learners, {organisations} organisations "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    with app.test_request_context():
        token = issue_launch_token(session_id)
    try:
        yield Site(name, app, token, QueryCounter(app.extensions["db"].engine), quiz_form(settings))
    finally:
        app.extensions["db"].dispose()


def scaled(scale: float) -> dict[str, tuple[int, int]]:
    """The data sizes times ``scale`` (a smoke test runs at 0.01), at least one of each."""
    return {name: (max(1, round(learners * scale)), max(1, round(organisations * scale)))
            for name, (learners, organisations) in SIZES.items()}


def report(backend: str, small: Site, large: Site, args: argparse.Namespace,
           sizes: dict[str, tuple[int, int]]) -> None:
    print(f"\n{backend}: {args.requests} requests per page and size, interleaved, "
          f"after {args.warmup} warm-up rounds "
          f"(small = {sizes['small'][0]:,} learners / {sizes['small'][1]} organisations, "
          f"large = {sizes['large'][0]:,} / {sizes['large'][1]})")
    rows = []
    for page in PAGES:
        s, big = small.figures[page], large.figures[page]
        q_small, q_large = median(s["queries"]), median(big["queries"])
        cpu_small, cpu_large = median(s["cpu"]), median(big["cpu"])
        rows.append([page, f"{q_small:.0f}", f"{q_large:.0f}", f"{cpu_small:.2f}", f"{cpu_large:.2f}",
                     ratio(cpu_large, cpu_small), f"{percentile(big['cpu'], 0.95):.2f}",
                     f"{median(big['wall']):.2f}",
                     "met" if q_large <= GOAL_QUERIES and cpu_large <= GOAL_CPU_MS else "missed"])
    print_table(["page", "queries small", "queries large", "CPU ms small", "CPU ms large",
                 "CPU large/small", "CPU p95 large", "wall ms large",
                 f"goal <= {GOAL_QUERIES} q, <= {GOAL_CPU_MS:g} ms"], rows)


def run_backend(backend: str, args: argparse.Namespace, workdir: Path) -> None:
    sizes = scaled(args.scale)
    with ExitStack() as stack:
        sites = []
        for name, (learners, organisations) in sizes.items():
            if backend == "postgresql":
                url = stack.enter_context(fresh_postgres(f"lti_bench_pages_{name}"))
            else:
                url = f"sqlite:///{workdir / f'{name}.sqlite3'}"
            sites.append(stack.enter_context(site(name, url, workdir, learners, organisations)))
        rounds = args.warmup + args.requests
        for round_number in range(rounds):
            last = round_number == rounds - 1
            for page in PAGES:
                for one in sites:
                    one.measure(page, keep_sql=last and args.show_sql)
            if round_number == args.warmup - 1:
                for one in sites:
                    one.figures.clear()
                if args.cprofile:  # the large site's measured requests (CPU figures inflate)
                    sites[-1].profiles = {}
        small, large = sites
        report(backend, small, large, args, sizes)
        if args.cprofile and large.profiles:
            for page in PAGES:
                out = io.StringIO()
                stats = pstats.Stats(large.profiles[page], stream=out)
                stats.sort_stats("tottime").print_stats(args.cprofile)
                stats.sort_stats("cumulative").print_stats(args.cprofile)
                print(f"\n{backend}, {page}, large: cProfile over {args.requests} requests")
                print(out.getvalue())
        if args.show_sql:
            for page in PAGES:
                print(f"\n{backend}, {page}, large: {len(large.sql[page])} statements")
                for statement in large.sql[page]:
                    print(f"  {statement[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page and size")
    parser.add_argument("--database", nargs="+", choices=["postgresql", "sqlite"], default=None,
                        help="default: both when PostgreSQL answers, else SQLite")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured rounds first")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N",
                        help="print the N functions taking most CPU per page (large site; slows it)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies both data sizes")
    parser.add_argument("--quick", action="store_true", help="30 requests per page and size")
    args = parser.parse_args()
    if args.quick:
        args.requests = 30
    backends = args.database or (["postgresql", "sqlite"] if postgres_available() else ["sqlite"])
    print(machine_line())
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            run_backend(backend, args, Path(tmp))


if __name__ == "__main__":
    main()
