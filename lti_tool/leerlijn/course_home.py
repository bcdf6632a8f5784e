"""The leerlijn on the course home (``templates/leerlijn/_course_status.html`` calls
``leerlijn_status()``, a context processor) and the leerlijn as a placement of its own.

On the course home it costs two statements: where the learner stands (with completion)
and the course's sessions with whether the learner attended each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import g
from flask_babel import gettext as _
from sqlalchemy import bindparam, exists, select

from .. import content_items, web
from ..content.model import Course
from ..models.leerlijn import LeerlijnAttendance, LeerlijnSession
from . import completion
from .common import course
from .content import Leerlijn, find_leerlijn
from .standing import Standing, standing


@dataclass
class Status:
    leerlijn: Leerlijn
    standing: Standing | None
    completed: bool
    sessions: list[LeerlijnSession]
    attended: set[int] = field(default_factory=set)


# Built once, run with bound values (issue 16): the course's sessions with whether the learner
# attended each.
_SESSIONS = select(LeerlijnSession, exists().where(
    LeerlijnAttendance.session_id == LeerlijnSession.id,
    LeerlijnAttendance.learner_id == bindparam("p_learner_id"))).where(
    LeerlijnSession.context_id == bindparam("p_context_id"),
    LeerlijnSession.organisation_id == bindparam("p_organisation_id"),
    LeerlijnSession.cancelled_at.is_(None)).order_by(LeerlijnSession.starts_at)


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
    rows = session.execute(_SESSIONS, {"p_learner_id": launch.learner_id, "p_context_id": launch.context_id,
                                       "p_organisation_id": launch.organisation_id}).all()
    result = Status(found, None, False, [item for item, _ in rows],
                    {item.id for item, was_there in rows if was_there})
    if launch.is_instructor:
        return result
    result.standing = standing(session, found, course(), launch.context_id, launch.learner_id)
    result.completed = result.standing.completed
    if result.standing.complete and not result.completed and completion.check(session, launch):
        session.commit()
        result.completed = True
    return result


def template_context() -> dict[str, Callable[[], Any]]:
    return {"leerlijn_status": status}


def _items(current: Course) -> list[content_items.ContentItem]:
    if not (current.root / "leerlijn.yaml").is_file():
        return []
    return [content_items.ContentItem(
        id=completion.ITEM_ID, kind="leerlijn", title=_("Leerlijn: bijeenkomsten en praktijkopdrachten"),
        description=_("Waar de deelnemer staat in de hele leerlijn. Het cijfer is 100 als de leerlijn "
                      "is afgerond."), minutes=None, score_maximum=completion.SCORE_MAXIMUM)]


def register_content_items() -> None:
    if _items not in content_items.PROVIDERS:
        content_items.PROVIDERS.append(_items)
    content_items.ENTRY_ENDPOINTS[completion.ITEM_ID] = "leerlijn.home"
