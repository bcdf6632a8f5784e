"""The leerlijn on the course home (``templates/leerlijn/_course_status.html`` calls
``leerlijn_status()``, a context processor) and the leerlijn as a placement of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from .. import content_items, web
from ..content.model import Course
from ..launch_context import Launch
from ..models.leerlijn import LeerlijnCompletion, LeerlijnSession
from . import completion
from .assignments import works
from .common import course
from .content import Assignment, Leerlijn, find_leerlijn
from .sessions import attended_ids, course_sessions
from .standing import Standing, standing


@dataclass
class Status:
    leerlijn: Leerlijn
    standing: Standing | None
    completed: LeerlijnCompletion | None
    sessions: list[LeerlijnSession]
    attended: set[int]
    assignments: list[tuple[Assignment, Any]]


def status() -> Status | None:
    """Where the launch's learner stands (``None`` outside a course launch or without a leerlijn).
    Completes the leerlijn when the last requirement was met elsewhere (a module)."""
    launch = g.get("launch")
    if launch is None or launch.context_id is None:
        return None
    found = find_leerlijn(web.settings())
    if found is None:
        return None
    session = web.db_session()
    result = Status(found, None, None, course_sessions(session, launch), set(), [])
    if launch.is_instructor:
        return result
    result.standing = standing(session, found, course(), launch.context_id, launch.learner_id)
    if result.standing.complete and completion.check(session, launch):
        session.commit()
    result.completed = _completion(launch)
    result.attended = attended_ids(session, launch)
    mine = works(session, launch)
    result.assignments = [(a, mine.get(a.id)) for a in found.assignments]
    return result


def _completion(launch: Launch) -> LeerlijnCompletion | None:
    return web.db_session().scalar(select(LeerlijnCompletion).where(
        LeerlijnCompletion.learner_id == launch.learner_id,
        LeerlijnCompletion.context_id == launch.context_id))


def template_context() -> dict[str, Callable[[], Any]]:
    return {"leerlijn_status": status}


def _items(current: Course) -> list[content_items.ContentItem]:
    root_has_leerlijn = (current.root / "leerlijn.yaml").is_file()
    if not root_has_leerlijn:
        return []
    return [content_items.ContentItem(
        id=completion.ITEM_ID, kind="leerlijn", title=_("Leerlijn: bijeenkomsten en praktijkopdrachten"),
        description=_("Waar de deelnemer staat in de hele leerlijn. Het cijfer is 100 als de leerlijn "
                      "is afgerond."), minutes=None, score_maximum=completion.SCORE_MAXIMUM)]


def register_content_items() -> None:
    if _items not in content_items.PROVIDERS:
        content_items.PROVIDERS.append(_items)
    content_items.ENTRY_ENDPOINTS[completion.ITEM_ID] = "leerlijn.home"
