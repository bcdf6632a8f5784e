"""Claiming due messages, so that concurrent workers never deliver the same one.

A claim is its own short transaction: it takes due rows (``FOR UPDATE SKIP LOCKED``
on PostgreSQL, so another worker skips them instead of waiting), counts the attempt
and moves ``next_attempt_at`` forward by a lease before any network call. A worker
that dies mid-delivery leaves its messages to be claimed again when the lease runs
out: delivery is at-least-once, and receivers de-duplicate.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select, update

from ..db import Database
from ..models import OutboxMessage
from .outcome import PENDING


class Claim(NamedTuple):
    id: int
    kind: str
    target: str


def claim_due(database: Database, *, now: datetime, lease: timedelta, limit: int,
              exclude_targets: Collection[str] = (), only_target: str | None = None) -> list[Claim]:
    """Claim up to ``limit`` due messages, oldest first."""
    with database.session() as session:
        query = (select(OutboxMessage)
                 .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
                 .order_by(OutboxMessage.id).limit(limit))
        if exclude_targets:
            query = query.where(OutboxMessage.target.not_in(list(exclude_targets)))
        if only_target is not None:
            query = query.where(OutboxMessage.target == only_target)
        if not database.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        messages = session.execute(query).scalars().all()
        for message in messages:
            message.attempts += 1
            message.next_attempt_at = now + lease
        return [Claim(message.id, message.kind, message.target) for message in messages]


def release(database: Database, message_ids: Collection[int], *, now: datetime) -> None:
    """Give back claimed messages that were not tried (their target's circuit opened)."""
    if not message_ids:
        return
    with database.session() as session:
        session.execute(update(OutboxMessage)
                        .where(OutboxMessage.id.in_(list(message_ids)))
                        .values(attempts=OutboxMessage.attempts - 1, next_attempt_at=now))
