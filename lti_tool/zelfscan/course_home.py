"""The learning path on the course home: ``templates/zelfscan/course_path.html`` calls
``zelfscan_course_path()`` (a context processor), so nothing is queried on pages that
do not show it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import g

from .. import web
from ..content.model import Module
from ..content.zelfscan_model import Framework
from ..models.zelfscan import COMPLETED, OPEN, ZelfscanScan
from . import store


@dataclass
class CoursePath:
    frameworks: list[Framework]
    framework: Framework | None = None       # the one with the learner's latest finished scan
    scan: ZelfscanScan | None = None
    open_framework: Framework | None = None  # a scan in progress
    entries: list[Any] = field(default_factory=list)  # result_views.PathEntry
    sequential: bool = False
    lang: str | None = None  # the course's language where it differs from the page's
    # The module the LMS placement opened: the advice starts from there, not from the scan.
    placed_module: Module | None = None

    @property
    def path_ids(self) -> set[str]:
        return {e.module.id for e in self.entries}


def course_path() -> CoursePath | None:
    """The learner's path (or an invitation to scan); ``None`` outside a launch or without scans."""
    if g.get("launch") is None:
        return None
    from .common import content_lang, course, frameworks
    from .result_views import path_entries

    current = course()
    available = list(frameworks(current).values())
    if not available:
        return None
    session, launch = web.db_session(), web.current_launch()
    item_id = launch.content_item_id
    result = CoursePath(available, sequential=current.navigation == "sequential",
                        lang=content_lang(current),
                        placed_module=current.module(item_id) if item_id else None)
    latest: tuple[Framework, ZelfscanScan] | None = None
    scans = store.scans_by_framework(session, launch)
    for fw in available:
        done = [scan for scan in scans.get(fw.id, []) if scan.status == COMPLETED]
        if done and (latest is None or done[-1].id > latest[1].id):
            latest = (fw, done[-1])
        if result.open_framework is None and any(scan.status == OPEN for scan in scans.get(fw.id, [])):
            result.open_framework = fw
    if latest is not None:
        result.framework, result.scan = latest
        row = store.get_path(session, launch, latest[0].id)
        result.entries = path_entries(current, latest[0], latest[1], row.module_ids if row else [])
    return result


def template_context() -> dict[str, Callable[[], Any]]:
    return {"zelfscan_course_path": course_path}
