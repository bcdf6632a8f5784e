"""Start-up benchmark: how long ``lti-tool`` commands spend importing, against ``python -c pass``.

Every command runs ``--runs`` times as a fresh process, interleaved with the anchor (the same
Python doing nothing: ``python -c pass``). Per command: wall time and CPU of the process, and
its import time (``PYTHONPROFILEIMPORTTIME=1``, in a separate run so the profiling does not slow
the timed one), then the ratio to the anchor and the packages whose own module code takes the
most import time.

    .venv/bin/python benchmarks/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, VENV_BIN, machine_line, median, print_table, ratio  # noqa: E402

GOAL_IMPORT_MS = 500
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+\d+ \| \s*(\S+)")


def commands(workdir: Path) -> dict[str, list[str]]:
    package = str(ROOT / "content_packages" / "werkbegeleiding")
    return {
        "anchor: python -c pass": [sys.executable, "-c", "pass"],
        "lti-tool --help": [str(VENV_BIN / "lti-tool"), "--help"],
        "lti-tool export scorm (1.2, whole course)": [
            str(VENV_BIN / "lti-tool"), "export", "scorm", "--version", "1.2", package,
            "-o", str(workdir / "course.zip")],
    }


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_profile(command: list[str]) -> dict[str, float]:
    """Milliseconds of import time per top-level package (its modules' own time) of one run.

    The values add up to the run's whole import time.
    """
    done = subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    by_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            by_package[match.group(2).split(".")[0]] += int(match.group(1)) / 1000
    return by_package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    print(machine_line())
    figures: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    heaviest: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        todo = commands(Path(tmp))
        for command in todo.values():  # warm the file cache and the .pyc files
            timed(command)
        for _ in range(args.runs):
            for name, command in todo.items():
                wall, cpu = timed(command)
                profile = import_profile(command)
                figures[name]["wall"].append(wall * 1000)
                figures[name]["cpu"].append(cpu * 1000)
                figures[name]["imports"].append(sum(profile.values()))
                for module, ms in profile.items():
                    heaviest[name][module].append(ms)
    anchor = next(iter(figures.values()))
    rows = []
    for name, f in figures.items():
        imports = median(f["imports"])
        goal = "" if name.startswith("anchor") else ("met" if imports < GOAL_IMPORT_MS else "missed")
        beyond = imports - median(anchor["imports"])
        rows.append([name, f"{median(f['wall']):.0f}", ratio(median(f["wall"]), median(anchor["wall"])),
                     f"{median(f['cpu']):.0f}", f"{imports:.0f}", f"{beyond:.0f}", goal])
    print(f"\nStart-up, median of {args.runs} runs each, interleaved with the anchor:")
    print_table(["command", "wall ms", "wall × anchor", "CPU ms", "imports ms", "imports beyond anchor ms",
                 f"goal imports < {GOAL_IMPORT_MS} ms"], rows)
    for name, modules in heaviest.items():
        if name.startswith("anchor"):
            continue
        top = sorted(((median(ms), package) for package, ms in modules.items()), reverse=True)[:8]
        print(f"  {name}: import time by package: " + ", ".join(f"{p} {ms:.0f} ms" for ms, p in top))


if __name__ == "__main__":
    main()
