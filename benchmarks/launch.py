"""Launch benchmark: the tool against the pylti1p3 library's own Flask example, side by side.

Both tools run under gunicorn with 2 sync workers on 127.0.0.1, both backed by Redis, and both
are driven by the same load generator (``../shared/perf/lti_load/lti_load.py``), which plays
the platform and the browser: OIDC login, the platform's auth step (a freshly signed RS256
id_token), the form POST of the launch. The anchor is
``../shared/perf/anchor-pylti1p3-flask-example`` (PyLTI1p3 2.0.0, Flask-Caching on Redis).
The tool runs as in production as far as plain http on loopback allows (production refuses an
http ``BASE_URL`` and calls to loopback addresses): ``LTI_TOOL_ENV=development`` with an explicit
SECRET_KEY, no development LMS, ``EGRESS_ALLOW_HOSTS=127.0.0.1`` for the generator's JWKS, on
PostgreSQL and on SQLite, with ``REDIS_URL`` set; the generator's platform is registered in it
with ``lti-tool platforms add``.

For every concurrency (1, 8, 32) the runs are interleaved (anchor, tool on PostgreSQL, tool
on SQLite, anchor, ...) and each figure is the median of ``--runs`` runs: launches/s, p50 and
p99 latency of the whole launch, and the server's CPU per launch (the gunicorn process tree's
CPU time during the run, from the generator's ``--server-pid``), then the ratios tool/anchor.
The services behind the web processes are counted apart, per launch over the whole run
(warm-up included): the PostgreSQL backends of the tool's database, and the Redis server
(shared with whatever else uses it on the machine, so an upper bound); "total" adds them up.
The generator's own CPU per launch (it signs every id_token) is reported too, with the bound
it puts on launches/s on the same cores and what 2x the anchor's launches/s would need.

    .venv/bin/python benchmarks/launch.py [--runs 3] [--duration 15] [--concurrency 1 8 32]
    .venv/bin/python benchmarks/launch.py --quick        # 1 run of 5 s per point

Virtualenvs for the anchor and the generator are made under ``.cache/bench/`` on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    CACHE,
    PERF_DIR,
    VENV_BIN,
    free_port,
    fresh_postgres,
    helper_venv,
    machine_line,
    median,
    print_table,
    ratio,
)

ANCHOR_DIR = PERF_DIR / "anchor-pylti1p3-flask-example"
LTI_LOAD = PERF_DIR / "lti_load" / "lti_load.py"
ANCHOR_REQUIREMENTS = ["PyLTI1p3==2.0.0", "Flask", "Flask-Caching", "redis", "gunicorn"]
LOAD_REQUIREMENTS = ["PyJWT", "cryptography", "httpx"]
WORKERS = 2
# Runs whose CPU used by anything but the two tools' trees, the generator and its platform
# server is above this were taken on a busy machine (lti_load's README: drop above ~10 %).
NOISY_OTHER_CPU_PCT = 10.0


@dataclass
class Server:
    """One gunicorn process tree serving an LTI tool."""

    label: str
    login_url: str
    launch_url: str
    ready_url: str
    expect: str | None
    # CPU seconds so far of each process of the services behind it, by service ("db", "redis").
    backing_cpu: Callable[[], dict[str, dict[int, float]]] = lambda: {}
    process: subprocess.Popen | None = None
    results: dict[int, list[dict]] = field(default_factory=dict)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"{self.label} exited with {self.process.returncode}: see {CACHE}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.label} did not answer {self.ready_url} within {timeout} s")


@contextmanager
def running(server: Server, command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None):
    with log.open("w") as log_file:
        server.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log_file,
                                          stderr=subprocess.STDOUT)
        try:
            server.wait_ready()
            yield server
        finally:
            server.process.terminate()
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def redis_server_cpu() -> dict[int, float]:
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
            and (p / "comm").exists() and (p / "comm").read_text().strip() == "redis-server"]
    return {pid: process_cpu(pid) for pid in pids}


def postgres_backends_cpu(database_url: str) -> Callable[[], dict[int, float]]:
    """CPU of the PostgreSQL backends serving one database (not this query's own)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)

    def snapshot() -> dict[int, float]:
        with engine.connect() as conn:
            pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND pid <> pg_backend_pid()")).scalars().all()
        return {pid: process_cpu(pid) for pid in pids}

    return snapshot


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {service: sum(seconds - before.get(service, {}).get(pid, 0.0) for pid, seconds in pids.items())
            for service, pids in after.items()}


def registration(load_python: Path, key_file: Path, platform_port: int) -> dict:
    """The generator's platform registration values (nothing is started)."""
    out = CACHE / "launch-registration.json"
    subprocess.run([str(load_python), str(LTI_LOAD), "--registration-only", "--registration-out", str(out),
                    "--key-file", str(key_file), "--platform-port", str(platform_port),
                    "--login-url", "http://127.0.0.1:1/", "--launch-url", "http://127.0.0.1:1/"],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def anchor_server(stack: ExitStack, reg: dict, redis_url: str) -> Server:
    """The library's example under gunicorn; its tool config written from our registration."""
    python = helper_venv("anchor-venv", ANCHOR_REQUIREMENTS)
    conf = reg["pylti1p3"]
    for entries in conf.values():
        for entry in entries:  # the example's own tool key, by absolute path
            entry["private_key_file"] = str(ANCHOR_DIR / "configs" / "private.key")
            entry["public_key_file"] = str(ANCHOR_DIR / "configs" / "public.key")
    conf_file = CACHE / "launch-anchor-conf.json"
    conf_file.write_text(json.dumps(conf, indent=1))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server("anchor (pylti1p3 example)", f"{base}/login/", f"{base}/launch/", f"{base}/jwks/",
                    expect='id="game-screen"', backing_cpu=lambda: {"redis": redis_server_cpu()})
    env = {**os.environ, "PERF_TOOL_CONF": str(conf_file), "PERF_CACHE_TYPE": "RedisCache",
           "PERF_CACHE_REDIS_URL": redis_url}
    command = [str(python.parent / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
               "--no-control-socket", "--chdir", str(ANCHOR_DIR / "game"), "app_perf:app"]
    return stack.enter_context(running(server, command, env, CACHE / "launch-anchor.log"))


def tool_server(stack: ExitStack, label: str, database_url: str, reg: dict, redis_url: str) -> Server:
    """The tool under gunicorn as in production (but http on loopback), the generator's platform
    registered by the CLI."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    instance = CACHE / f"launch-instance-{port}"
    instance.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LTI_TOOL_ENV": "development", "BASE_URL": base, "EGRESS_ALLOW_HOSTS": "127.0.0.1",
           "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "INSTANCE_DIR": str(instance), "LOG_JSON": "1", "DEVLMS_ENABLED": "0"}
    cli = str(VENV_BIN / "lti-tool")
    for command in (["db", "upgrade"], ["seed"],
                    ["platforms", "add", "--organisation", "lti-load", "--name", "lti_load platform",
                     "--issuer", reg["issuer"], "--client-id", reg["client_id"],
                     "--login-url", reg["auth_login_url"], "--token-url", reg["auth_token_url"],
                     "--jwks-url", reg["key_set_url"], "--deployment", reg["deployment_id"]]):
        subprocess.run([cli, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    postgres = postgres_backends_cpu(database_url) if database_url.startswith("postgresql") else None

    def backing_cpu() -> dict[str, dict[int, float]]:
        return {"redis": redis_server_cpu()} | ({"db": postgres()} if postgres else {})

    server = Server(label, f"{base}/lti/login", f"{base}/lti/launch", f"{base}/lti/jwks", expect=None,
                    backing_cpu=backing_cpu)
    command = [str(VENV_BIN / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
               "--no-control-socket", "lti_tool:create_app()"]
    return stack.enter_context(running(server, command, env, CACHE / f"launch-{port}.log"))


def load_run(load_python: Path, key_file: Path, platform_port: int, server: Server, concurrency: int,
             args: argparse.Namespace) -> dict:
    assert server.process is not None
    command = [str(load_python), str(LTI_LOAD), "--key-file", str(key_file),
               "--platform-port", str(platform_port), "--login-url", server.login_url,
               "--launch-url", server.launch_url, "--concurrency", str(concurrency),
               "--duration", str(args.duration), "--warmup", f"{args.warmup}s", "--users", str(args.users),
               "--server-pid", str(server.process.pid), "--label", f"{server.label} c{concurrency}",
               "--json-out", str(CACHE / "launch-results.jsonl")]
    if server.expect:
        command += ["--expect", server.expect]
    if args.follow_final:
        command.append("--follow-final")
    before = server.backing_cpu()
    done = subprocess.run(command, capture_output=True, text=True)
    backing = cpu_used(before, server.backing_cpu())
    if done.returncode == 2 or not done.stdout.strip():
        raise SystemExit(f"{server.label}: the generator's preflight launch failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    ok = result["ok"] or 1
    result["cpu_ms_per_launch"] = result["server_cpu_pct"] / 100 * result["wall_s"] / ok * 1000
    warmup = re.search(r"warm-up: (\d+) launches", done.stderr)
    all_launches = result["launches"] + (int(warmup.group(1)) if warmup else 0) + 1  # + the preflight
    for service in ("db", "redis"):
        result[f"{service}_cpu_ms_per_launch"] = backing.get(service, 0.0) / all_launches * 1000
    result["total_cpu_ms_per_launch"] = (result["cpu_ms_per_launch"] + result["db_cpu_ms_per_launch"]
                                         + result["redis_cpu_ms_per_launch"])
    # The generator and its platform run on the same cores: what they spend per launch bounds
    # how many launches any server can be given.
    result["load_cpu_ms_per_launch"] = ((result.get("generator_cpu_pct") or 0.0)
                                        + (result.get("platform_server_cpu_pct") or 0.0)) / 100 \
        * result["wall_s"] / ok * 1000
    return result


def summary(runs: list[dict]) -> dict[str, float]:
    return {key: median([run[key] for run in runs if run.get(key) is not None])
            for key in ("launches_per_s", "p50_ms", "p99_ms", "cpu_ms_per_launch", "db_cpu_ms_per_launch",
                        "redis_cpu_ms_per_launch", "total_cpu_ms_per_launch", "load_cpu_ms_per_launch",
                        "other_cpu_pct")} | {
        "errors": sum(run["errors"] for run in runs)}


def ratio_row(label: str, figures: dict[str, float], reference: dict[str, float]) -> list[str]:
    return [label] + [ratio(figures[key], reference[key])
                      for key in ("launches_per_s", "p99_ms", "cpu_ms_per_launch", "total_cpu_ms_per_launch")]


def generator_bound(anchor: dict[str, float], tool: dict[str, float]) -> str:
    """What the load generator's own CPU leaves for the tool, and what 2x the anchor would need.

    Every launch costs the generator and its platform CPU on the same cores as the server
    (signing the id_token, both HTTP exchanges). At most ``cores / (load + server total)``
    launches fit in a second, however fast the server is; 2x the anchor's launches/s needs
    the tool's total (web processes, PostgreSQL, Redis) under ``cores / (2 x anchor) - load``.
    """
    cores = os.cpu_count() or 1
    load = tool["load_cpu_ms_per_launch"]
    if load <= 0:
        return "  (the generator reported no CPU figures)"
    ceiling = cores * 1000 / load
    allowed = cores * 1000 / (2 * anchor["launches_per_s"]) - load
    return (f"\n  The generator and its platform used {load:.1f} ms of CPU per launch of the tool "
            f"({anchor['load_cpu_ms_per_launch']:.1f} per launch of the anchor) on the same {cores} cores.\n"
            f"  With a server that took no CPU at all and both cores fully busy, at most {ceiling:.0f} "
            f"launches/s ({ratio(ceiling, anchor['launches_per_s'])} the anchor's) would fit.\n"
            f"  2x the anchor's launches/s needs the tool's total under {allowed:.1f} ms per launch "
            f"(less, as the cores are never fully busy); "
            f"it took {tool['total_cpu_ms_per_launch']:.1f} ms "
            f"(the anchor {anchor['total_cpu_ms_per_launch']:.1f} ms).")


def report(servers: list[Server], concurrencies: list[int], args: argparse.Namespace) -> None:
    anchor, *tools = servers
    print(f"\nLaunches, median of {args.runs} run(s) of {args.duration:g} s per point "
          f"(warm-up {args.warmup:g} s, {args.users} users, gunicorn {WORKERS} sync workers each):")
    rows = []
    for concurrency in concurrencies:
        for server in servers:
            s = summary(server.results[concurrency])
            rows.append([f"c{concurrency:<3} {server.label}", f"{s['launches_per_s']:.1f}",
                         f"{s['p50_ms']:.0f}", f"{s['p99_ms']:.0f}", f"{s['cpu_ms_per_launch']:.1f}",
                         f"{s['db_cpu_ms_per_launch']:.1f}", f"{s['redis_cpu_ms_per_launch']:.1f}",
                         f"{s['total_cpu_ms_per_launch']:.1f}", s["errors"], f"{s['other_cpu_pct']:.0f}"])
    print_table(["concurrency / server", "launches/s", "p50 ms", "p99 ms", "CPU ms/launch", "+ PostgreSQL",
                 "+ Redis", "= total", "errors", "other CPU %"], rows)

    print("\nRatios (median against median, same run):")
    rows = []
    for concurrency in concurrencies:
        reference = summary(anchor.results[concurrency])
        figures = [summary(server.results[concurrency]) for server in tools]
        rows += [ratio_row(f"c{concurrency:<3} {server.label} / anchor", s, reference)
                 for server, s in zip(tools, figures, strict=True)]
        if len(tools) == 2:
            rows.append(ratio_row(f"c{concurrency:<3} SQLite / PostgreSQL", figures[1], figures[0]))
    print_table(["", "launches/s", "p99", "CPU/launch", "total CPU/launch"], rows)

    if 8 in concurrencies:
        a, pg = summary(anchor.results[8]), summary(tools[0].results[8])
        print("\nGoals (issue 16), PostgreSQL + Redis at concurrency 8:")
        goals = [("launches/s >= 2x the anchor's", pg["launches_per_s"] / a["launches_per_s"] >= 2,
                  ratio(pg["launches_per_s"], a["launches_per_s"])),
                 ("server CPU <= 4.5 ms per launch", pg["cpu_ms_per_launch"] <= 4.5,
                  f"{pg['cpu_ms_per_launch']:.1f} ms"),
                 ("p99 below the anchor's", pg["p99_ms"] < a["p99_ms"],
                  f"{pg['p99_ms']:.0f} ms against {a['p99_ms']:.0f} ms")]
        if len(tools) == 2:
            lite = summary(tools[1].results[8])
            goals.append(("SQLite no worse than PostgreSQL (launches/s)",
                          lite["launches_per_s"] >= pg["launches_per_s"],
                          ratio(lite["launches_per_s"], pg["launches_per_s"])))
        for name, met, figure in goals:
            print(f"  {'met   ' if met else 'missed'}  {name}: {figure}")
        print(generator_bound(a, pg))
    noisy = sum(1 for server in servers for runs in server.results.values() for run in runs
                if (run.get("other_cpu_pct") or 0) > NOISY_OTHER_CPU_PCT)
    total = sum(len(runs) for server in servers for runs in server.results.values())
    print(f"\n{noisy} of {total} runs had more than {NOISY_OTHER_CPU_PCT:g} % of CPU used by other work "
          "(other CPU %): compare the ratios, not the absolute figures. Raw results: "
          f"{CACHE / 'launch-results.jsonl'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per server and concurrency (median)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--no-sqlite", action="store_true", help="skip the tool on SQLite")
    parser.add_argument("--follow-final", action="store_true",
                        help="also fetch the page the launch redirects to (the tool answers 303)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="for both tools")
    parser.add_argument("--quick", action="store_true", help="1 run of 5 s per point, 2 s warm-up")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.duration, args.warmup = 1, 5.0, 2.0
    for path in (ANCHOR_DIR, LTI_LOAD):
        if not path.exists():
            raise SystemExit(f"{path} is missing (set PERF_DIR to the folder holding it)")
    CACHE.mkdir(parents=True, exist_ok=True)
    print(machine_line())
    load_python = helper_venv("load-venv", LOAD_REQUIREMENTS)
    key_file, platform_port = CACHE / "lti_load_platform_key.pem", free_port()
    reg = registration(load_python, key_file, platform_port)

    with ExitStack() as stack:
        servers = [anchor_server(stack, reg, args.redis_url)]
        postgres_url = stack.enter_context(fresh_postgres("lti_bench_launch"))
        servers.append(tool_server(stack, "tool PostgreSQL", postgres_url, reg, args.redis_url))
        if not args.no_sqlite:
            sqlite_file = CACHE / f"launch-{platform_port}.sqlite3"
            stack.callback(lambda: [sqlite_file.with_name(sqlite_file.name + suffix).unlink(missing_ok=True)
                                    for suffix in ("", "-wal", "-shm")])
            servers.append(tool_server(stack, "tool SQLite", f"sqlite:///{sqlite_file}", reg, args.redis_url))
        for concurrency in args.concurrency:
            for run in range(args.runs):
                for server in servers:  # interleaved: A B C A B C ...
                    result = load_run(load_python, key_file, platform_port, server, concurrency, args)
                    server.results.setdefault(concurrency, []).append(result)
                    print(f"  c{concurrency} run {run + 1} {server.label}: "
                          f"{result['launches_per_s']} launches/s, p99 {result['p99_ms']} ms, "
                          f"{result['cpu_ms_per_launch']:.1f} ms CPU/launch, {result['errors']} errors, "
                          f"other CPU {result.get('other_cpu_pct')} %", flush=True)
    report(servers, args.concurrency, args)


if __name__ == "__main__":
    main()
