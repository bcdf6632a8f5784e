"""The moment a learner completes the leerlijn of a course.

``check`` looks where the learner stands after anything that counts (a check-in, feedback
read, a module, a page of the leerlijn) and calls :func:`on_leerlijn_completed` when every
requirement is met. That function is the one place where completion happens: it records
it once per learner and course (insert or ignore on a unique key, so parallel requests
record it once and only the one that recorded it goes on), sends the overall grade to the
course's leerlijn column (AGS, through the outbox), tells the LRS and issues the learner's
Open Badge in the same transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..badges import award_badge
from ..badges.achievements import LEERLIJN as LEERLIJN_BADGE
from ..content.cache import get_course
from ..launch_context import Launch
from ..models import utcnow
from ..models.leerlijn import LeerlijnCompletion
from ..outbox.messages import enqueue_ags_score
from ..settings import Settings
from . import xapi_events
from .content import find_leerlijn
from .standing import standing

ITEM_ID = "leerlijn"
SCORE_MAXIMUM = 100.0
log = logging.getLogger(__name__)


def on_leerlijn_completed(session: Session, launch: Launch, label: str) -> bool:
    """Record that the launch's learner completed the leerlijn of its course.

    Idempotent: ``True`` only for the call that recorded it (once per learner and course,
    also under concurrency); every other call changes nothing and returns ``False``.
    The caller commits (the grade and the statement leave with that commit).
    """
    assert launch.context_id is not None
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    recorded = session.scalar(insert(LeerlijnCompletion).values(
        learner_id=launch.learner_id, context_id=launch.context_id, completed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["learner_id", "context_id"])
        .returning(LeerlijnCompletion.id))
    if recorded is None:  # recorded before (or by a parallel request that committed first)
        return False
    enqueue_ags_score(session, launch, score_given=SCORE_MAXIMUM, score_maximum=SCORE_MAXIMUM,
                      activity_progress="Completed", grading_progress="FullyGraded",
                      item_id=ITEM_ID, label=label)
    xapi_events.leerlijn_completed(session, launch)
    award_badge(session, organisation_id=launch.organisation_id, learner_id=launch.learner_id,
                course_id=launch.context_id, achievement=LEERLIJN_BADGE.key)
    log.info("leerlijn completed", extra={"learner": launch.learner_id, "context": launch.context_id})
    return True


def check(session: Session, launch: Launch, settings: Settings | None = None) -> bool:
    """Complete the leerlijn when every requirement is met; ``True`` when it is complete now.

    Staff are never completed (they look at the course, they do not follow it).
    """
    if launch.context_id is None or launch.is_instructor:
        return False
    if settings is None:
        from .. import web

        settings = web.settings()
    leerlijn = find_leerlijn(settings)
    if leerlijn is None:
        return False
    if not standing(session, leerlijn, get_course(settings), launch.context_id,
                    launch.learner_id).complete:
        return False
    on_leerlijn_completed(session, launch, leerlijn.title)
    return True
