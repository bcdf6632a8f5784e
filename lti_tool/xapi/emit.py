"""Queueing a statement in the outbox, in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import OutboxMessage
from ..outbox import enqueue
from ..outbox.messages import XAPI_STATEMENT
from .lrs_config import enabled_lrs, lrs_target


def emit_statement(session: Session, launch: Launch, statement: dict) -> OutboxMessage | None:
    """Queue ``statement`` for the learner's organisation's LRS.

    ``None`` (and nothing queued) when the organisation has no enabled LRS.
    """
    if enabled_lrs(session, launch.organisation_id) is None:
        return None
    return enqueue_statement(session, launch, statement)


def enqueue_statement(session: Session, launch: Launch, statement: dict) -> OutboxMessage:
    """Queue ``statement`` without looking at the LRS settings (the caller already did)."""
    return enqueue(session, kind=XAPI_STATEMENT, target=lrs_target(launch.organisation_id),
                   payload={"statement": statement}, registration_id=launch.registration_id,
                   organisation_id=launch.organisation_id)
