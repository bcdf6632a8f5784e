"""Writing outbox messages. Nothing here does network I/O: it only adds rows to the
caller's session, so the message commits or rolls back together with the event.

The rows are written by one precompiled Core ``INSERT`` when the session flushes (see
:func:`_insert_messages`), not by the unit of work, whose bookkeeping cost a page that
queues one statement about 0.3 ms of CPU more (issue 16). Since it happens at the flush,
a request's messages still go in one statement, and a query after ``enqueue`` sees them.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, event, insert, select
from sqlalchemy.orm import Session, UOWTransaction, make_transient_to_detached

from ..grading.columns import Route, route
from ..launch_context import Launch
from ..models import Learner, OutboxMessage, utcnow
from .outcome import PENDING
from .score_time import claim_time, unix_second

AGS_SCORE = "ags_score"
XAPI_STATEMENT = "xapi_statement"
RECENT_SCORES_CHECKED = 50
DEFAULT_LABEL = "Werkbegeleiding"


_TABLE = cast(Table, OutboxMessage.__table__)
_COLUMNS = tuple(column.key for column in _TABLE.columns if column.key != "id")
# Built once, so each flush only looks up its compiled form. ``sort_by_parameter_order``:
# the ids come back in the rows' order (PostgreSQL: still one statement for several rows;
# SQLite: one per row, as the unit of work sends them there).
_INSERT = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)


def enqueue(session: Session, *, kind: str, target: str, payload: dict,
            registration_id: int | None = None, organisation_id: int | None = None) -> OutboxMessage:
    """Add a pending message to ``session``; it is written at the session's next flush.

    Every column is set here, so the flush can insert the row as it is (and the object
    needs no reload afterwards)."""
    now = utcnow()
    message = OutboxMessage(kind=kind, target=target, payload=payload,
                            registration_id=registration_id, organisation_id=organisation_id,
                            status=PENDING, attempts=0, next_attempt_at=now, last_error=None,
                            delivered_at=None, created_at=now)
    session.add(message)
    return message


@event.listens_for(Session, "before_flush")
def _insert_messages(session: Session, _flush: UOWTransaction, _objects: object) -> None:
    """Insert the flush's new outbox messages with one ``INSERT`` and keep them in the
    session as persistent objects with their ids, as the unit of work would.

    Only messages with every column set (as :func:`enqueue` makes them) are taken; any
    other (a test building a row by hand) is left to the unit of work. The rows reference
    only rows that already exist (ids, not pending objects), so inserting them before the
    rest of the flush keeps every foreign key satisfied.
    """
    messages = [item for item in session.new if isinstance(item, OutboxMessage)
                and all(key in item.__dict__ for key in _COLUMNS)]
    if not messages:
        return
    rows = [{key: message.__dict__[key] for key in _COLUMNS} for message in messages]
    # One row (a page's statement) as a plain execute: cheaper than the many-rows path.
    ids = session.connection().execute(_INSERT, rows if len(rows) > 1 else rows[0]).scalars().all()
    for message, message_id in zip(messages, ids, strict=True):
        session.expunge(message)
        message.id = message_id
        make_transient_to_detached(message)
        session.add(message)


def enqueue_ags_score(session: Session, launch: Launch, *, score_given: float | None,
                      score_maximum: float, activity_progress: str, grading_progress: str,
                      item_id: str | None = None, label: str = DEFAULT_LABEL,
                      comment: str | None = None, timestamp: datetime | None = None
                      ) -> OutboxMessage | None:
    """Queue a score for ``item_id``'s own column (default: the launch's own content item).

    ``None`` when nothing may be sent: no AGS, a staff launch, or a course without a
    column for ``item_id`` (see :mod:`lti_tool.grading.columns`). The timestamp is
    fixed now, when the event happens, so a retried delivery keeps its place in the
    order the platform expects. Without an explicit ``timestamp`` the score is also
    given a whole second of its own after the previous score queued for the same learner
    and column, in the order the two commit (see :mod:`.score_time`).
    """
    where = route(session, launch, item_id, label)
    if where is None:
        return None
    learner = session.get(Learner, launch.learner_id)
    assert learner is not None
    target = f"ags:{launch.registration_id}"
    when = timestamp or claim_time(
        session, registration_id=launch.registration_id, learner_id=launch.learner_id,
        column=_column_key(where), now=utcnow(),
        queued_before=lambda: _queued_before(session, target, where.lineitem, learner.sub))
    score: dict = {
        "userId": learner.sub,
        "scoreMaximum": score_maximum,
        "activityProgress": activity_progress,
        "gradingProgress": grading_progress,
        "timestamp": when.isoformat(timespec="milliseconds"),
    }
    if score_given is not None:
        score["scoreGiven"] = score_given
    if comment:
        score["comment"] = comment
    # "item" names the content item, so the trainer overview can explain a difference.
    payload: dict = {"lineitem": where.lineitem, "item": item_id or launch.content_item_id,
                     "score": score}
    if where.find is not None:
        payload["find_lineitem"] = where.find
    return enqueue(session, kind=AGS_SCORE, target=target, payload=payload,
                   registration_id=launch.registration_id, organisation_id=launch.organisation_id)


def _column_key(where: Route) -> str:
    """The column a score goes to: its line item, or while the worker has yet to find that,
    the content item it is found by."""
    if where.lineitem is not None:
        return where.lineitem
    assert where.find is not None
    return f"?{where.find['resource_id']}"


def _queued_before(session: Session, target: str, lineitem: str | None, user_id: str) -> int:
    """The second after this learner's latest score for the line item among the target's
    latest queued scores; 0 when there is none (what a column's first claim starts from,
    for a score queued before :mod:`.score_time` kept the second)."""
    recent = session.scalars(select(OutboxMessage)
                             .where(OutboxMessage.kind == AGS_SCORE, OutboxMessage.target == target)
                             .order_by(OutboxMessage.id.desc()).limit(RECENT_SCORES_CHECKED))
    previous = [unix_second(datetime.fromisoformat(message.payload["score"]["timestamp"]))
                for message in recent if message.payload.get("lineitem") == lineitem
                and message.payload["score"].get("userId") == user_id]
    return max(previous) + 1 if previous else 0
