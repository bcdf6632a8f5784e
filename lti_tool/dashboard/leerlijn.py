"""The leerlijn in the trainer's overview: per learner where they stand and whether they
completed it. That feedback came is counted; what it says is never shown here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .. import web
from ..content.model import Course
from ..launch_context import Launch
from ..leerlijn.content import Leerlijn, find_leerlijn
from ..leerlijn.standing import Standing, requirement_keys, standings
from .roster import RosterRow


@dataclass(frozen=True)
class LeerlijnOverview:
    leerlijn: Leerlijn
    standings: dict[int, Standing]
    completed: set[int]
    keys: tuple[str, ...]


def leerlijn_overview(session: Session, launch: Launch, course: Course,
                      rows: Sequence[RosterRow]) -> LeerlijnOverview | None:
    found = find_leerlijn(web.settings())
    if found is None or launch.context_id is None:
        return None
    ids = [row.learner_id for row in rows if row.learner_id is not None]
    by_learner = standings(session, found, course, launch.context_id, ids)
    completed = {learner_id for learner_id, standing in by_learner.items() if standing.completed}
    return LeerlijnOverview(found, by_learner, completed, requirement_keys(found))
