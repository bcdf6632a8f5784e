"""Claiming due messages, so that concurrent workers never deliver the same one.

A claim is one statement, ``UPDATE … RETURNING``: it takes due rows (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so another worker skips them instead of waiting), counts the
attempt and moves ``next_attempt_at`` forward by a lease before any network call. A worker
that dies mid-delivery leaves its messages to be claimed again when the lease runs
out: delivery is at-least-once, and receivers de-duplicate.

The claim also returns what a batched deliverer sends: an xAPI statement as the JSON text
the database holds (``payload -> 'statement'``), so the worker neither loads the rows
as objects nor parses and re-serialises each statement (see ``xapi_delivery.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Integer, any_, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from ..db import Database
from ..models import OutboxMessage
from .outcome import PENDING


class Claim(NamedTuple):
    id: int
    kind: str
    target: str
    organisation_id: int | None = None
    attempts: int = 0
    statement: str | None = None  # the xAPI statement's JSON text; None for other kinds


def claim_due(database: Database, *, now: datetime, lease: timedelta, limit: int,
              exclude_targets: Collection[str] = (), only_target: str | None = None) -> list[Claim]:
    """Claim up to ``limit`` due messages, oldest first, with one atomic ``UPDATE … RETURNING``.

    The update re-checks that each row is still due while it holds the row, so two workers
    never claim the same message. On SQLite the statement does it all under the write lock.
    On PostgreSQL the oldest due ids are locked (``FOR UPDATE SKIP LOCKED``) in a
    ``MATERIALIZED`` CTE of the same statement: evaluated exactly once, so it never claims
    more than ``limit`` rows (a ``LIMIT`` subquery inside ``WHERE id IN`` may be evaluated
    more than once there).
    """
    due = [OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now]
    if exclude_targets:
        due.append(OutboxMessage.target.not_in(list(exclude_targets)))
    if only_target is not None:
        due.append(OutboxMessage.target == only_target)
    oldest = select(OutboxMessage.id).where(*due).order_by(OutboxMessage.id).limit(limit)
    if database.is_sqlite:
        statement = update(OutboxMessage).where(OutboxMessage.id.in_(oldest), *due)
    else:
        locked = oldest.with_for_update(skip_locked=True).cte("chosen").prefix_with("MATERIALIZED")
        statement = update(OutboxMessage).where(OutboxMessage.id == locked.c.id, *due)
    statement = (statement
                 .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + lease)
                 .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.target,
                            OutboxMessage.organisation_id, OutboxMessage.attempts,
                            OutboxMessage.payload["statement"].as_string())
                 .execution_options(synchronize_session=False))
    with database.session() as session:
        relaxed_commit(session)
        claimed = session.execute(statement).all()
    return sorted((Claim(*row) for row in claimed), key=lambda claim: claim.id)


def release(database: Database, message_ids: Collection[int], *, now: datetime) -> None:
    """Give back claimed messages that were not tried (their target's circuit opened)."""
    if not message_ids:
        return
    with database.session() as session:
        session.execute(update(OutboxMessage)
                        .where(ids_in(session, message_ids))
                        .values(attempts=OutboxMessage.attempts - 1, next_attempt_at=now))


def ids_in(session: Session, message_ids: Collection[int]) -> ColumnElement[bool]:
    """``id IN (…)``; on PostgreSQL ``id = ANY(:ids)``, one statement text whatever the
    number of ids, so the driver prepares it once instead of per batch size."""
    if session.get_bind().dialect.name == "postgresql":
        return OutboxMessage.id == any_(bindparam("ids", list(message_ids), type_=ARRAY(Integer)))
    return OutboxMessage.id.in_(list(message_ids))


def relaxed_commit(session: Session) -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL is on disk.

    For the worker's own bookkeeping only (claims, marks): a database crash may forget the
    last fraction of a second of it, which puts those messages back in the queue to be sent
    again, as a worker crash does; the LRS keeps each statement id once. Nothing is lost:
    the messages themselves were committed durably by the request that queued them.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
