"""What the benchmarks share: paths, throwaway databases, helper virtualenvs, statistics, tables.

Everything a benchmark sets up (virtualenvs for the anchor and the load generator, databases,
logs, results) lives under ``.cache/bench/`` (git-ignored). The anchor and the generator are
run from ``../shared/perf/`` (or ``$PERF_DIR``); they are never copied into this repository.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
PERF_DIR = Path(os.environ.get("PERF_DIR", str(ROOT.parent / "shared" / "perf")))
VENV_BIN = Path(sys.executable).parent
# Where a benchmark makes (and drops) its PostgreSQL databases.
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(value: float, reference: float) -> str:
    if not reference or value != value or reference != reference:  # zero or NaN
        return "-"
    return f"{value / reference:.2f}×"


def machine_line() -> str:
    """Cores, CPU model, Python and the load average: how busy the machine was."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({model or platform.machine()}), "
            f"Python {platform.python_version()}, load average {load} (1/5/15 min)")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table: the first column left, the others right."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                         for i, cell in enumerate(row)).rstrip()

    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))


def postgres_available() -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


@contextmanager
def fresh_postgres(prefix: str) -> Iterator[str]:
    """An empty PostgreSQL database for one run, dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def helper_venv(name: str, requirements: Sequence[str]) -> Path:
    """A virtualenv under ``.cache/bench/<name>`` with exactly these requirements; its python.

    Made once; made again when the requirement list changes.
    """
    home = CACHE / name
    python = home / "bin" / "python"
    stamp = home / ".requirements"
    wanted = "\n".join(requirements)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    shutil.rmtree(home, ignore_errors=True)
    print(f"setting up {home} ({', '.join(requirements)}) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"pip could not install {requirements} into {home}:\n{done.stderr[-3000:]}")
    stamp.write_text(wanted)
    return python
