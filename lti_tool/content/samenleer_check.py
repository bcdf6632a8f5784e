"""Check and load the Samenleer themes that ``course.yaml`` names with ``samenleer:``.

Problems carry file and line like every other content problem; ``check_package``
calls :func:`check_samenleer` for the package it checks.
"""

from __future__ import annotations

from pathlib import Path

from .loader import (
    Problem,
    _Doc,
    _duplicates,
    _line,
    _read_yaml,
    _Report,
    _validate,
    named_file,
)
from .samenleer_model import (
    KIND_PICTURES,
    KIND_POINTS,
    SHORT_MAX_WORDS,
    SIMPLE_MAX_WORDS,
    TOPICS_MAX,
    TOPICS_MIN,
    SamenleerThemes,
)

WORD_LIMITS = {"short": SHORT_MAX_WORDS, "simple": SIMPLE_MAX_WORDS,
               "words_simple": SIMPLE_MAX_WORDS}


def _list(value: object) -> list:
    """``value`` if the YAML gave a list there, else an empty one (the model reports the type)."""
    return value if isinstance(value, list) else []


def _check_scale(doc: _Doc, index: int, scale: dict, report: _Report) -> None:
    """A scale's points (or topics) must have the shape and pictures of its kind."""
    kind = scale.get("kind")
    if kind not in KIND_POINTS:
        return  # the model reports an unknown kind
    here = ("scales", index)
    points = _list(scale.get("points"))
    topics = _list(scale.get("topics"))
    low, high = KIND_POINTS[kind]
    if kind == "topics":
        if points:
            report.add(doc.path, _line(doc, here + ("points",)),
                       "a 'topics' scale has topics to choose from, not points")
        if not TOPICS_MIN <= len(topics) <= TOPICS_MAX:
            report.add(doc.path, _line(doc, here), f"a 'topics' scale needs {TOPICS_MIN} to "
                       f"{TOPICS_MAX} topics")
        for at, topic_id in _duplicates(topics):
            report.add(doc.path, _line(doc, here + ("topics", at, "id")),
                       f"duplicate topic id '{topic_id}'")
        return
    if topics:
        report.add(doc.path, _line(doc, here + ("topics",)),
                   f"only a 'topics' scale has topics; a '{kind}' scale has points")
    if not low <= len(points) <= high:
        report.add(doc.path, _line(doc, here), f"a '{kind}' scale needs {low} to {high} points")
    values = [p.get("value") for p in points if isinstance(p, dict)]
    if values != list(range(1, len(points) + 1)):
        report.add(doc.path, _line(doc, here + ("points",)),
                   "the values of a scale must be 1, 2, 3 ... in that order")
    pictures = [p.get("picture") for p in points if isinstance(p, dict)]
    allowed = KIND_PICTURES[kind]
    for at, picture in enumerate(pictures):
        if isinstance(picture, str) and picture not in allowed:
            report.add(doc.path, _line(doc, here + ("points", at, "picture")),
                       f"'{picture}' is not a picture of a '{kind}' scale: use one of "
                       f"{', '.join(allowed)}")
    if len(set(pictures)) != len(pictures):
        report.add(doc.path, _line(doc, here + ("points",)),
                   "every point of a scale needs its own picture")


def _check_theme_scales(doc: _Doc, themes: list, scales: list, report: _Report) -> None:
    """Every theme names the scale that fits its question; the scale must exist."""
    known = [s.get("id") for s in scales if isinstance(s, dict)]
    for index, theme in enumerate(themes):
        if not isinstance(theme, dict):
            continue
        name = theme.get("scale")
        if name is None:
            report.add(doc.path, _line(doc, ("themes", index)),
                       f"theme '{theme.get('id')}' has no answer scale: add 'scale' with the id "
                       "of the scale that fits its question")
        elif isinstance(name, str) and name not in known:
            report.add(doc.path, _line(doc, ("themes", index, "scale")),
                       f"theme '{theme.get('id')}' names scale '{name}', which does not exist: "
                       f"use one of {', '.join(str(k) for k in known)}")


def _check_word_counts(doc: _Doc, items: list, report: _Report) -> None:
    for loc, item in items:
        for field, most in WORD_LIMITS.items():
            text = item.get(field)
            if isinstance(text, str) and len(text.split()) > most:
                report.add(doc.path, _line(doc, loc + (field,)),
                           f"'{field}' is for the visual version: use at most {most} words")


def _check_details(doc: _Doc, report: _Report) -> None:
    data = doc.data
    themes = _list(data.get("themes"))
    scales = _list(data.get("scales"))
    for index, theme_id in _duplicates(themes):
        report.add(doc.path, _line(doc, ("themes", index, "id")), f"duplicate theme id '{theme_id}'")
    for index, scale_id in _duplicates(scales):
        report.add(doc.path, _line(doc, ("scales", index, "id")), f"duplicate scale id '{scale_id}'")
    for index, scale in enumerate(scales):
        if isinstance(scale, dict):
            _check_scale(doc, index, scale, report)
    _check_theme_scales(doc, themes, scales, report)
    items: list[tuple[tuple[str | int, ...], dict]] = [
        (("themes", i), t) for i, t in enumerate(themes) if isinstance(t, dict)]
    if isinstance(data.get("own_topic"), dict):
        items.append((("own_topic",), data["own_topic"]))
    _check_word_counts(doc, items, report)


def _analyse(root: Path, manifest: _Doc, report: _Report) -> SamenleerThemes | None:
    path = named_file(root, manifest, report, "samenleer", "Samenleer themes file")
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
