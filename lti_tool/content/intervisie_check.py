"""Check and load the intervisie methods that ``course.yaml`` names with ``intervisie:``."""

from __future__ import annotations

from pathlib import Path

from .intervisie_model import IntervisieMethods
from .loader import Problem, _Doc, _read_yaml, _Report, _validate, named_file


def _analyse(root: Path, manifest: _Doc, report: _Report) -> IntervisieMethods | None:
    path = named_file(root, manifest, report, "intervisie", "intervisie methods file")
    if path is None:
        return None
    doc = _read_yaml(path, report)
    if doc is None:
        return None
    return _validate(IntervisieMethods, doc, doc.data, (), report)


def check_intervisie(root: Path, manifest: _Doc, report: _Report) -> None:
    """Add the problems of the package's intervisie methods (if it names any) to ``report``."""
    _analyse(root, manifest, report)


def load_intervisie(root: str | Path) -> tuple[IntervisieMethods | None, list[Problem]]:
    """The methods of the package at ``root``: ``(None, [])`` when it names none."""
    root = Path(root)
    report = _Report(root)
    manifest = _read_yaml(root / "course.yaml", report)
    if manifest is None:
        return None, report.problems
    methods = _analyse(root, manifest, report)
    return (None if report.problems else methods), report.problems
