"""Start-up benchmark: how long ``lti-tool`` commands spend importing, against ``python -c pass``.

Every command runs ``--runs`` times as a fresh process, interleaved with the anchor (the same
Python doing nothing: ``python -c pass``). Per command: wall time and CPU of the process, and
its import time (``PYTHONPROFILEIMPORTTIME=1``, in a separate run so the profiling does not slow
the timed one), then the ratio to the anchor and the packages whose own module code takes the
most import time.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--baseline DIR] [--no-bytecode]

The commands run as an installed tool runs: with its modules' bytecode cached (the warm-up
run writes it, even when ``PYTHONDONTWRITEBYTECODE`` is set in the calling shell).
``--no-bytecode`` runs them as this repository's sandbox did before: ``PYTHONDONTWRITEBYTECODE=1``
and no cached bytecode of the project's own modules (their ``__pycache__`` folders are
removed first), so every run compiles ``lti_tool`` and ``scorm_export`` from source.

``--baseline DIR`` runs the same commands from another source tree (say ``git worktree add
/tmp/before <commit>`` or ``git archive <commit> | tar -x -C DIR``) with the same Python and
packages, interleaved with this one, and prints both, for a before/after on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
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


# ``lti-tool`` from a given source tree (on ``PYTHONPATH``): what the console script does.
FROM_TREE = "import sys; from lti_tool.cli import main; sys.exit(main())"
# ``lti-tool`` with the CPU time of its imports counted (every outermost ``import``, including
# those run later by the command, such as mutagen's), written to the file named by the
# variable at exit. CPU time hardly grows with the machine's load, unlike the wall time that
# ``PYTHONPROFILEIMPORTTIME`` reports; it leaves out the interpreter's own start (the anchor).
COUNT_IMPORT_CPU = """
import atexit, builtins, os, sys, time
real_import, depth, spent = builtins.__import__, 0, 0.0
def counted(*args, **kwargs):
    global depth, spent
    if depth == 0:
        started = time.process_time()
    depth += 1
    try:
        return real_import(*args, **kwargs)
    finally:
        depth -= 1
        if depth == 0:
            spent += time.process_time() - started
builtins.__import__ = counted
def report():
    with open(os.environ["STARTUP_IMPORT_CPU_FILE"], "w") as out:
        out.write(str(spent * 1000))
atexit.register(report)
from lti_tool.cli import main
sys.exit(main())
"""


class Run:
    """One command of one source tree: its argv and environment, and ``lti-tool``'s arguments."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path = ROOT,
                 tool_args: list[str] | None = None) -> None:
        self.argv, self.env, self.cwd, self.tool_args = argv, env, cwd, tool_args


def environment(bytecode: bool, tree: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def drop_bytecode(tree: Path) -> None:
    """Remove the cached bytecode of the tree's own packages (not of the installed ones)."""
    for package in ("lti_tool", "scorm_export"):
        for cache in (tree / package).rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)


def commands(workdir: Path, bytecode: bool, baseline: Path | None) -> dict[str, Run]:
    package = str(ROOT / "content_packages" / "werkbegeleiding")
    export = ["export", "scorm", "--version", "1.2", package, "-o", str(workdir / "course.zip")]
    todo = {"anchor: python -c pass": Run([sys.executable, "-c", "pass"], environment(bytecode))}
    if baseline is None:
        todo["lti-tool --help"] = Run([str(VENV_BIN / "lti-tool"), "--help"], environment(bytecode),
                                      tool_args=["--help"])
        todo["lti-tool export scorm (1.2, whole course)"] = Run([str(VENV_BIN / "lti-tool"), *export],
                                                                environment(bytecode), tool_args=export)
        return todo
    for label, tree in (("baseline", baseline), ("this tree", ROOT)):
        env = environment(bytecode, tree)
        todo[f"{label}: lti-tool --help"] = Run([sys.executable, "-c", FROM_TREE, "--help"], env, tree,
                                                tool_args=["--help"])
        todo[f"{label}: lti-tool export scorm (1.2, whole course)"] = Run(
            [sys.executable, "-c", FROM_TREE, *export], env, tree, tool_args=export)
    return todo


def import_cpu(run: Run, workdir: Path) -> float:
    """CPU milliseconds the command's own imports take (``nan`` for the anchor)."""
    if run.tool_args is None:
        return float("nan")
    result = workdir / "import-cpu"
    subprocess.run([sys.executable, "-c", COUNT_IMPORT_CPU, *run.tool_args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=run.cwd,
                   env={**run.env, "STARTUP_IMPORT_CPU_FILE": str(result)})
    return float(result.read_text())


def timed(run: Run) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(run.argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=run.env, cwd=run.cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_profile(run: Run) -> dict[str, float]:
    """Milliseconds of import time per top-level package (its modules' own time) of one run.

    The values add up to the run's whole import time.
    """
    done = subprocess.run(run.argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**run.env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd=run.cwd)
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
    parser.add_argument("--baseline", type=Path, help="another source tree, run interleaved with this one")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile the project's modules from source on every run")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    if args.baseline is not None and not (args.baseline / "lti_tool" / "cli.py").is_file():
        parser.error(f"{args.baseline} is not a source tree of this project")
    bytecode = not args.no_bytecode
    print(machine_line())
    print("bytecode: " + ("cached, as installed" if bytecode else
                          "none: the project's modules are compiled from source on every run"))
    figures: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    heaviest: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        todo = commands(Path(tmp), bytecode, args.baseline)
        if not bytecode:
            for tree in (ROOT, args.baseline):
                if tree is not None:
                    drop_bytecode(tree)
        for run in todo.values():  # warm the file cache (and write the .pyc files)
            timed(run)
        for _ in range(args.runs):
            for name, run in todo.items():
                wall, cpu = timed(run)
                profile = import_profile(run)
                figures[name]["import cpu"].append(import_cpu(run, Path(tmp)))
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
                     f"{median(f['cpu']):.0f}", f"{imports:.0f}", f"{min(f['imports']):.0f}", f"{beyond:.0f}",
                     goal, "-" if name.startswith("anchor") else f"{median(f['import cpu']):.0f}"])
    print(f"\nStart-up, median of {args.runs} runs each, interleaved with the anchor:")
    print_table(["command", "wall ms", "wall × anchor", "CPU ms", "imports ms", "imports ms min",
                 "imports beyond anchor ms", f"goal imports < {GOAL_IMPORT_MS} ms", "import CPU ms"], rows)
    for name, modules in heaviest.items():
        if name.startswith("anchor"):
            continue
        top = sorted(((median(ms), package) for package, ms in modules.items()), reverse=True)[:8]
        print(f"  {name}: import time by package: " + ", ".join(f"{p} {ms:.0f} ms" for ms, p in top))


if __name__ == "__main__":
    main()
