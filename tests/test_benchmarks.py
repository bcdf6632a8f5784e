"""The benchmark scripts start and print their tables on a very small run.

Nothing here asserts a timing: performance is measured by ``make bench``, never in tests.
With ``TEST_DATABASE_URL`` set, the page and outbox benchmarks run on PostgreSQL (they make
and drop their own databases through that server); otherwise on SQLite. The launch benchmark
only shows its usage here: a real run installs the anchor's and the load generator's
virtualenvs and takes minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKEND = "postgresql" if TEST_DATABASE_URL else "sqlite"


def run_benchmark(script: str, *args: str) -> str:
    env = {**os.environ, **({"BENCH_POSTGRES_URL": TEST_DATABASE_URL} if TEST_DATABASE_URL else {})}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


@pytest.mark.database
def test_page_benchmark_prints_queries_and_cpu_per_page_at_both_sizes():
    out = run_benchmark("pages.py", "--database", BACKEND, "--scale", "0.01", "--requests", "2",
                        "--warmup", "1")
    assert f"{BACKEND}: 2 requests per page and size" in out
    for page in ("course page", "block page", "answer POST"):
        assert page in out
    assert "queries large" in out and "CPU large/small" in out


@pytest.mark.database
def test_outbox_benchmark_compares_with_the_naive_design_and_counts_the_wire():
    out = run_benchmark("outbox.py", "--database", BACKEND, "--statements", "20", "--naive-statements", "3",
                        "--workers", "2", "--requests", "2", "--warmup", "1")
    assert "naive: 1 statement per POST, 1 worker" in out
    assert "outbox: batches of 50 (fixed), 1 worker" in out
    assert "outbox: adaptive batches 50..200, 1 worker" in out
    if BACKEND == "postgresql":
        assert "outbox: adaptive batches 50..200, 2 workers" in out
    assert "tool alone: adaptive batches 50..200, 1 worker, LRS stand-in storing nothing" in out
    assert "sent twice" in out and "× naive" in out and "batch max" in out
    assert "the outbox write adds" in out


def test_startup_benchmark_compares_commands_with_python_doing_nothing():
    out = run_benchmark("startup.py", "--runs", "1")
    assert "anchor: python -c pass" in out
    assert "lti-tool --help" in out and "lti-tool export scorm" in out
    assert "import time by package" in out


def test_launch_benchmark_starts():
    out = run_benchmark("launch.py", "--help")
    assert "--concurrency" in out and "--quick" in out


def test_launch_profile_prints_the_tools_cpu_per_login_and_launch():
    out = run_benchmark("profile_launch.py", "--launches", "3", "--warmup", "1", "--cprofile", "5")
    assert "3 login + launch:" in out and "ms CPU each" in out and "cumulative" in out
