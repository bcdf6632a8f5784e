"""Claiming due messages, so that concurrent workers never deliver the same one.

A claim is one short statement: it takes due rows (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so another worker skips them instead of waiting), counts the attempt and
moves ``next_attempt_at`` forward by a lease before any network call. A worker
that dies mid-delivery leaves its messages to be claimed again when the lease runs
out: delivery is at-least-once, and receivers de-duplicate.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Select, select, update

from ..db import Database
from ..models import OutboxMessage
from .outcome import PENDING


class Claim(NamedTuple):
    id: int
    kind: str
    target: str


def claim_due(database: Database, *, now: datetime, lease: timedelta, limit: int,
              exclude_targets: Collection[str] = (), only_target: str | None = None) -> list[Claim]:
    """Claim up to ``limit`` due messages, oldest first, with an atomic ``UPDATE … RETURNING``.

    The update re-checks that each row is still due while it holds the row, so two workers
    never claim the same message. On SQLite one statement does it all under the write lock.
    On PostgreSQL the oldest ids are first locked (``FOR UPDATE SKIP LOCKED``) and read, then
    updated in the same transaction: a ``LIMIT`` subquery inside ``UPDATE … WHERE id IN``
    may be evaluated more than once there and claim more than ``limit`` rows.
    """
    due = [OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now]
    if exclude_targets:
        due.append(OutboxMessage.target.not_in(list(exclude_targets)))
    if only_target is not None:
        due.append(OutboxMessage.target == only_target)
    oldest = select(OutboxMessage.id).where(*due).order_by(OutboxMessage.id).limit(limit)
    with database.session() as session:
        if database.is_sqlite:
            chosen: Select[int] | list[int] = oldest
        else:
            chosen = list(session.scalars(oldest.with_for_update(skip_locked=True)))
            if not chosen:
                return []
        statement = (update(OutboxMessage)
                     .where(OutboxMessage.id.in_(chosen), *due)
                     .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + lease)
                     .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.target)
                     .execution_options(synchronize_session=False))
        claimed = session.execute(statement).all()
    return sorted((Claim(*row) for row in claimed), key=lambda claim: claim.id)


def release(database: Database, message_ids: Collection[int], *, now: datetime) -> None:
    """Give back claimed messages that were not tried (their target's circuit opened)."""
    if not message_ids:
        return
    with database.session() as session:
        session.execute(update(OutboxMessage)
                        .where(OutboxMessage.id.in_(list(message_ids)))
                        .values(attempts=OutboxMessage.attempts - 1, next_attempt_at=now))
