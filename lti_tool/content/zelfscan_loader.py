"""Load and check the zelfscan frameworks that ``course.yaml`` lists under ``zelfscans:``.

``check_package`` calls :func:`check_zelfscans`, so ``lti-tool content check`` reports a
broken framework with file and line like any other problem: every area points at a
module, every module (and block) exists, ids are unique, the scale is complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .cache import cached
from .loader import ContentError, _Doc, _line, _read_yaml, _Report, _validate
from .model import Course, Module
from .zelfscan_model import SCALE_VALUES, STATEMENTS_MAX, STATEMENTS_MIN, Framework


def _module_blocks(root: Path, modules: dict[str, Module], module_id: str) -> set[str] | None:
    """Block ids of ``module_id``: from the course, else from ``modules/<id>.yaml``; None if absent.

    Modules still being written may not be listed in ``course.yaml`` yet; a framework may
    name them already, and the learning path shows only the modules the course has.
    """
    if module_id in modules:
        return {b.id for b in modules[module_id].blocks}
    path = root / "modules" / f"{module_id}.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()
    blocks = data.get("blocks") if isinstance(data, dict) else None
    return {b["id"] for b in blocks or [] if isinstance(b, dict) and isinstance(b.get("id"), str)}


def _check_scale(doc: _Doc, raw: Any, report: _Report) -> None:
    if not isinstance(raw, list):
        return
    values = [p.get("value") for p in raw if isinstance(p, dict)]
    for index, value in enumerate(values):
        if value in values[:index]:
            report.add(doc.path, _line(doc, ("scale", index, "value")), f"duplicate scale value {value}")
    missing = [str(v) for v in SCALE_VALUES if v not in values]
    if missing:
        report.add(doc.path, _line(doc, ("scale",)),
                   f"incomplete scale: every point 1 to 5 needs a label (missing {', '.join(missing)})")


def _claim(doc: _Doc, report: _Report, seen: dict[str, int | None], item_id: Any, kind: str,
           loc: tuple) -> None:
    if not isinstance(item_id, str):
        return
    line = _line(doc, loc)
    if item_id in seen:
        report.add(doc.path, line, f"duplicate id '{item_id}' ({kind}); first used at line {seen[item_id]}")
    else:
        seen[item_id] = line


def _check_links(root: Path, doc: _Doc, area: dict, base: tuple, modules: dict[str, Module],
                 report: _Report) -> None:
    links = area.get("modules")
    if not isinstance(links, list) or not links:
        report.add(doc.path, _line(doc, base), f"area '{area.get('id')}' points at no module: "
                                               "name at least one module that strengthens it")
        return
    named: set[str] = set()
    for index, link in enumerate(links):
        module_id = link.get("module") if isinstance(link, dict) else None
        if not isinstance(module_id, str):
            continue
        where = base + ("modules", index, "module")
        if module_id in named:
            report.add(doc.path, _line(doc, where), f"module '{module_id}' is named twice in this area")
        named.add(module_id)
        blocks = _module_blocks(root, modules, module_id)
        if blocks is None:
            report.add(doc.path, _line(doc, where),
                       f"module '{module_id}' does not exist (no modules/{module_id}.yaml)")
            continue
        for bi, block_id in enumerate(link.get("blocks") or []):
            if isinstance(block_id, str) and block_id not in blocks:
                report.add(doc.path, _line(doc, base + ("modules", index, "blocks", bi)),
                           f"block '{block_id}' is not in module '{module_id}'")


def _check_framework(root: Path, doc: _Doc, modules: dict[str, Module], report: _Report
                     ) -> Framework | None:
    framework = _validate(Framework, doc, doc.data, (), report)
    _check_scale(doc, doc.data.get("scale"), report)
    seen: dict[str, int | None] = {}
    areas = doc.data.get("areas")
    for ai, area in enumerate(areas if isinstance(areas, list) else []):
        if not isinstance(area, dict):
            continue
        base = ("areas", ai)
        _claim(doc, report, seen, area.get("id"), "area", base + ("id",))
        statements = area.get("statements")
        statements = statements if isinstance(statements, list) else []
        if not STATEMENTS_MIN <= len(statements) <= STATEMENTS_MAX:
            report.add(doc.path, _line(doc, base + ("statements",)),
                       f"area '{area.get('id')}' needs {STATEMENTS_MIN} to {STATEMENTS_MAX} "
                       f"statements, it has {len(statements)}")
        for si, statement in enumerate(statements):
            if isinstance(statement, dict):
                _claim(doc, report, seen, statement.get("id"), "statement",
                       base + ("statements", si, "id"))
        _check_links(root, doc, area, base, modules, report)
    return framework


def check_zelfscans(root: Path, manifest: _Doc, modules: list[Module], report: _Report
                    ) -> dict[str, Framework]:
    """Check every framework named in ``course.yaml``; the valid ones by id."""
    entries = manifest.data.get("zelfscans")
    if not isinstance(entries, list):
        return {}
    known = {m.id: m for m in modules}
    frameworks: dict[str, Framework] = {}
    first_line: dict[str, tuple[Path, int | None]] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        target = (root / entry).resolve()
        if root.resolve() not in target.parents or not target.is_file():
            report.add(manifest.path, _line(manifest, ("zelfscans", index)),
                       f"zelfscan file not found: {entry}")
            continue
        doc = _read_yaml(root / entry, report)
        if doc is None:
            continue
        framework = _check_framework(root, doc, known, report)
        framework_id = doc.data.get("id")
        if isinstance(framework_id, str) and framework_id in first_line:
            path, line = first_line[framework_id]
            report.add(doc.path, _line(doc, ("id",)),
                       f"duplicate zelfscan id '{framework_id}'; first used at {path.name}:{line}")
        elif isinstance(framework_id, str):
            first_line[framework_id] = (doc.path, _line(doc, ("id",)))
            if framework is not None:
                frameworks[framework.id] = framework
    return frameworks


def load_frameworks(course: Course) -> dict[str, Framework]:
    """The course's frameworks by id; raises ``ContentError`` listing every problem."""
    report = _Report(course.root)
    doc = _read_yaml(course.root / "course.yaml", report)
    frameworks = check_zelfscans(course.root, doc, course.modules, report) if doc else {}
    if report.problems:
        raise ContentError(report.problems)
    return frameworks


def frameworks_for(course: Course) -> dict[str, Framework]:
    """The course's frameworks, kept in the package's one cache (reloaded when its files change)."""
    return cached(course.root, "zelfscan_frameworks", lambda _root: load_frameworks(course))
