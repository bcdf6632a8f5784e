"""Check and load the Samenleer themes that ``course.yaml`` names with ``samenleer:``.

Problems carry file and line like every other content problem; ``check_package``
calls :func:`check_samenleer` for the package it checks.
"""

from __future__ import annotations

from pathlib import Path

from .loader import Problem, _Doc, _duplicates, _line, _read_yaml, _Report, _validate
from .samenleer_model import SCALE_SIZE, SIMPLE_MAX_WORDS, SamenleerThemes

SIMPLE_FIELDS = ("simple", "words_simple")


def _themes_path(root: Path, manifest: _Doc, report: _Report) -> Path | None:
    entry = manifest.data.get("samenleer")
    if entry is None:
        return None
    line = _line(manifest, ("samenleer",))
    if not isinstance(entry, str) or not entry.strip():
        report.add(manifest.path, line, "'samenleer' must be the path of the Samenleer themes file")
        return None
    path = (root / entry).resolve()
    if root.resolve() not in path.parents or not path.is_file():
        report.add(manifest.path, line, f"Samenleer themes file not found: {entry}")
        return None
    return path


def _check_details(doc: _Doc, report: _Report) -> None:
    data = doc.data
    themes = data.get("themes") if isinstance(data.get("themes"), list) else []
    for index, theme_id in _duplicates(themes):
        report.add(doc.path, _line(doc, ("themes", index, "id")), f"duplicate theme id '{theme_id}'")
    scale = data.get("scale") if isinstance(data.get("scale"), list) else []
    values = [p.get("value") for p in scale if isinstance(p, dict)]
    if len(scale) == SCALE_SIZE and values != list(range(1, SCALE_SIZE + 1)):
        report.add(doc.path, _line(doc, ("scale",)),
                   f"the scale values must be 1 to {SCALE_SIZE}, in that order")
    faces = [p.get("face") for p in scale if isinstance(p, dict)]
    if len(set(faces)) != len(faces):
        report.add(doc.path, _line(doc, ("scale",)), "every point of the scale needs its own face")
    items = [(("themes", i), t) for i, t in enumerate(themes) if isinstance(t, dict)]
    if isinstance(data.get("own_topic"), dict):
        items.append((("own_topic",), data["own_topic"]))
    for loc, item in items:
        for field in SIMPLE_FIELDS:
            text = item.get(field)
            if isinstance(text, str) and len(text.split()) > SIMPLE_MAX_WORDS:
                report.add(doc.path, _line(doc, loc + (field,)),
                           f"'{field}' is for the visual version: use at most "
                           f"{SIMPLE_MAX_WORDS} words")


def _analyse(root: Path, manifest: _Doc, report: _Report) -> SamenleerThemes | None:
    path = _themes_path(root, manifest, report)
    if path is None:
        return None
    doc = _read_yaml(path, report)
    if doc is None:
        return None
    themes = _validate(SamenleerThemes, doc, doc.data, (), report)
    _check_details(doc, report)
    return themes


def check_samenleer(root: Path, manifest: _Doc, report: _Report) -> None:
    """Add the problems of the package's Samenleer themes (if it names any) to ``report``."""
    _analyse(root, manifest, report)


def load_samenleer(root: str | Path) -> tuple[SamenleerThemes | None, list[Problem]]:
    """The themes of the package at ``root``: ``(None, [])`` when it names none."""
    root = Path(root)
    report = _Report(root)
    manifest = _read_yaml(root / "course.yaml", report)
    if manifest is None:
        return None, report.problems
    themes = _analyse(root, manifest, report)
    return (None if report.problems else themes), report.problems
