"""Export benchmark: package sizes (with and without media) and export time of the full course.

    .venv/bin/python benchmarks/export.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lti_tool.content import load_package  # noqa: E402
from scorm_export import ScormVersion, build_cartridge, build_scorm  # noqa: E402

PACKAGE = ROOT / "content_packages" / "werkbegeleiding"


def sizes(data: bytes) -> tuple[int, int, int]:
    """(zip bytes, zip bytes of the members without media/, uncompressed bytes without media/)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if not i.filename.startswith("media/")]
        compressed = sum(i.compress_size for i in infos)
        raw = sum(i.file_size for i in infos)
    return len(data), compressed, raw


def timed(build, runs: int) -> tuple[bytes, float, float]:
    durations = []
    data = b""
    for _ in range(runs):
        start = time.perf_counter()
        data = build()
        durations.append(time.perf_counter() - start)
    return data, statistics.median(durations), max(durations)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    course = load_package(PACKAGE)
    print(f"load_package: {1000 * (time.perf_counter() - start):.0f} ms; "
          f"{len(course.modules)} modules, {course.block_count} blocks")
    print(f"{'export':<22}{'zip':>12}{'zip w/o media':>16}{'raw w/o media':>16}{'median':>10}{'max':>10}")
    builds = [(v.label, lambda v=v: build_scorm(course, v)) for v in ScormVersion]
    builds.append(("Common Cartridge 1.3", lambda: build_cartridge(course, "https://tool.example.nl")))
    for label, build in builds:
        data, median, worst = timed(build, args.runs)
        total, compressed, raw = sizes(data)
        print(f"{label:<22}{total:>12,}{compressed:>16,}{raw:>16,}"
              f"{1000 * median:>8.0f}ms{1000 * worst:>8.0f}ms")


if __name__ == "__main__":
    main()
