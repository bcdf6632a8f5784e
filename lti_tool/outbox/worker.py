"""The outbox worker: claims due messages, delivers them, records the outcome.

Claiming moves a message's ``next_attempt_at`` forward by a lease before any
network call, in its own short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers never take the same row). A worker that dies
mid-delivery leaves the message to be taken again when the lease runs out:
delivery is at-least-once, and receivers de-duplicate (AGS by timestamp).
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import OutboxMessage, WorkerHeartbeat, as_utc, utcnow
from .ags_delivery import Outcome, deliver_ags_score
from .messages import AGS_SCORE

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BASE_DELAY_SECONDS = 10.0
MAX_DELAY_SECONDS = 3600.0
MAX_ATTEMPTS = 12
HEARTBEAT_FRESH = timedelta(seconds=30)

Deliverer = Callable[[Session, OutboxMessage], Outcome]
DELIVERERS: dict[str, Deliverer] = {AGS_SCORE: deliver_ags_score}


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with 'full jitter': between half and all of the capped delay."""
    capped = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0))
    return capped * (0.5 + (rng or random).random() / 2)


def claim_due(database: Database, limit: int) -> list[int]:
    now = utcnow()
    with database.session() as session:
        query = (select(OutboxMessage)
                 .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
                 .order_by(OutboxMessage.id).limit(limit))
        if not database.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        messages = session.execute(query).scalars().all()
        for message in messages:
            message.attempts += 1
            message.next_attempt_at = now + LEASE
        return [message.id for message in messages]


def deliver_one(database: Database, message_id: int, max_attempts: int = MAX_ATTEMPTS) -> Outcome:
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        deliverer = DELIVERERS.get(message.kind)
        if deliverer is None:
            outcome = Outcome("rejected", f"Onbekend soort bericht: {message.kind}")
        else:
            try:
                outcome = deliverer(session, message)
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the worker
                log.exception("delivery crashed", extra={"message_id": message_id})
                outcome = Outcome("retry", f"Interne fout: {type(exc).__name__}")
        record_outcome(message, outcome, max_attempts)
        log.info("outbox delivery", extra={"message_id": message_id, "kind": message.kind,
                                           "outcome": outcome.status, "attempts": message.attempts,
                                           "detail": outcome.detail})
        return outcome


def record_outcome(message: OutboxMessage, outcome: Outcome, max_attempts: int) -> None:
    now = utcnow()
    message.last_error = outcome.detail or None
    if outcome.status == "retry":
        if message.attempts >= max_attempts:
            message.status = "dead"
            return
        delay = max(backoff_seconds(message.attempts), outcome.retry_after or 0)
        message.status = "pending"
        message.next_attempt_at = now + timedelta(seconds=delay)
        return
    message.status = outcome.status
    if outcome.status == "delivered":
        message.delivered_at = now


def deliver_due(database: Database, limit: int = 50) -> int:
    """Deliver what is due now; returns how many messages were attempted."""
    ids = claim_due(database, limit)
    for message_id in ids:
        deliver_one(database, message_id)
    return len(ids)


def beat(database: Database, name: str) -> None:
    with database.session() as session:
        session.merge(WorkerHeartbeat(name=name, seen_at=utcnow()))


def worker_status(database: Database) -> dict:
    with database.session() as session:
        latest = session.execute(select(WorkerHeartbeat.seen_at)
                                 .order_by(WorkerHeartbeat.seen_at.desc()).limit(1)).scalar()
        pending = session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status == "pending")).scalar_one()
    seen = as_utc(latest)
    alive = seen is not None and utcnow() - seen < HEARTBEAT_FRESH
    return {"ok": alive, "last_seen": seen.isoformat() if seen else None, "pending": pending}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def run_forever(database: Database, stop: threading.Event, poll_seconds: float = 1.0) -> None:
    name = worker_name()
    log.info("outbox worker started", extra={"worker": name})
    while not stop.is_set():
        try:
            beat(database, name)
            busy = deliver_due(database)
        except Exception:  # noqa: BLE001 - keep the loop alive; the error is logged
            log.exception("outbox worker loop failed")
            busy = 0
        if not busy:
            stop.wait(poll_seconds)
    log.info("outbox worker stopped", extra={"worker": name})


def start_background_worker(app: Flask) -> threading.Event:
    """Run the worker in a daemon thread of this process (``make run``)."""
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(app.extensions["db"], stop),
                              name="outbox-worker", daemon=True)
    thread.start()
    app.extensions["outbox_worker_stop"] = stop
    return stop
