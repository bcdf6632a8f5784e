"""Asynchronous sessions end on time without a visit: the outbox worker sweeps the sessions
whose step deadline has passed and closes those steps (``steps.catch_up``), so a session
whose last deadline passed ends, and its members' completion goes to the gradebook, even
when nobody opens it again. Each close is the same conditional update a visit makes, so
two workers, or a worker and a visit, close a step once and report each member once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select

from ..db import Database
from ..errors import ProblemError
from ..models import utcnow
from ..models.intervisie import STATUS_DONE, STATUS_OPEN, IntervisieSession
from ..settings import Settings
from .methods import get_methods
from .steps import catch_up

log = logging.getLogger(__name__)

# Sessions handled per sweep; the worker sweeps again within a minute.
SWEEP_LIMIT = 200


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(IntervisieSession.status == STATUS_OPEN, IntervisieSession.step_deadline <= now)


def end_overdue(database: Database, settings: Settings, now: datetime | None = None) -> int:
    """Close every passed step deadline, one session per transaction; how many sessions are
    ended now. Sessions of a method the course no longer has cannot move on: left alone."""
    now = now or utcnow()
    with database.session() as session:
        if session.scalar(select(IntervisieSession.id).where(_overdue(now)).limit(1)) is None:
            return 0
        try:
            methods = get_methods(settings)
        except ProblemError:  # the course has no intervisie methods any more
            return 0
        ids = list(session.scalars(
            select(IntervisieSession.id)
            .where(_overdue(now), IntervisieSession.method_id.in_([m.id for m in methods.methods]))
            .order_by(IntervisieSession.step_deadline).limit(SWEEP_LIMIT)))
    ended = 0
    for session_id in ids:
        with database.session() as session:
            row = session.get(IntervisieSession, session_id)
            method = methods.get(row.method_id) if row is not None else None
            if row is None or method is None:  # deleted meanwhile
                continue
            catch_up(session, settings, row, method, now)
            ended += row.status == STATUS_DONE
    if ended:
        log.info("intervisie sessions ended by their deadline", extra={"count": ended})
    return ended
