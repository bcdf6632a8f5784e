"""The outbox worker: claims due messages, delivers them, records the outcome.

Messages are grouped per target (one LMS registration, one organisation's LRS);
kinds that allow it go in batches, sized per target by how fast it answers
(``batch_size.py``). Each target has a circuit breaker, so one dead
receiver costs a few failed calls per cool-down, not one per message, and the other
targets keep flowing. Failed messages wait with exponential backoff and jitter; after
``OUTBOX_MAX_ATTEMPTS`` tries they are dead-lettered for the admin page
(``/admin/outbox``), which can put them back in the queue.

Between rounds the worker also ends what ends by time alone: asynchronous intervisie
sessions whose deadline passed (:func:`sweep`), so their completion scores are queued
without anyone opening them.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..db import Database
from ..http import EgressPolicy, OutboundSession
from ..intervisie.deadlines import end_overdue
from ..models import OutboxMessage, WorkerHeartbeat, as_utc, utcnow
from ..settings import OutboxSettings, Settings
from .batch_size import DEFAULT_SLOW_SECONDS, BatchSizes
from .breaker import CLOSED, CircuitBreakers
from .channels import CHANNELS, Channel
from .claims import Claim, claim_due, ids_in, relaxed_commit, release
from .context import DeliveryContext
from .outcome import DEAD, DELIVERED, HELD, PENDING, REJECTED, RETRY, Outcome

log = logging.getLogger(__name__)

HEARTBEAT_FRESH = timedelta(seconds=30)
# A busy worker writes its heartbeat at most this often, not once per round.
HEARTBEAT_EVERY_SECONDS = 5.0
# How often the worker looks for intervisie deadlines that have passed.
SWEEP_EVERY_SECONDS = 30.0


def backoff_seconds(attempts: int, config: OutboxSettings, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: between half and all of the capped delay."""
    capped = min(config.max_delay_seconds, config.base_delay_seconds * 2 ** max(attempts - 1, 0))
    return capped * (0.5 + (rng or random).random() / 2)


def record_outcome(message: OutboxMessage, outcome: Outcome, config: OutboxSettings, now: datetime,
                   rng: random.Random | None = None) -> None:
    message.last_error = outcome.detail or None
    if outcome.status == HELD:
        # The receiver refuses us, not the message: waiting is not a failed try.
        message.status = PENDING
        message.attempts = max(message.attempts - 1, 0)
        message.next_attempt_at = now + timedelta(seconds=config.held_delay_seconds)
        return
    if outcome.status == RETRY:
        if message.attempts >= config.max_attempts:
            message.status = DEAD
            return
        delay = max(backoff_seconds(message.attempts, config, rng), outcome.retry_after or 0)
        message.status = PENDING
        message.next_attempt_at = now + timedelta(seconds=delay)
        return
    message.status = outcome.status
    if outcome.status == DELIVERED:
        message.delivered_at = now


class OutboxWorker:
    """One worker's state: its circuit breakers, its HTTP session, its clocks.

    ``config`` is the ``OUTBOX_*`` tuning (``Settings.outbox``; the defaults without it).
    ``now`` (wall clock, for the queue) and ``clock`` (monotonic, for the breakers)
    are injectable so tests can move time instead of sleeping. ``slow_seconds``: a batch
    answered after this makes the target's next batch smaller (see ``batch_size.py``).
    """

    def __init__(self, database: Database, *, secret_key: str, config: OutboxSettings | None = None,
                 now: Callable[[], datetime] = utcnow, clock: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None, http: OutboundSession | None = None,
                 slow_seconds: float = DEFAULT_SLOW_SECONDS) -> None:
        self.database = database
        self.config = config or OutboxSettings()
        self.context = DeliveryContext(
            secret_key, http or OutboundSession(EgressPolicy.from_settings(Settings.from_env())))
        self.now = now
        self.rng = rng or random.Random()
        self.clock = clock
        self.breakers = CircuitBreakers(self.config.breaker_threshold,
                                        self.config.breaker_cooldown_seconds, clock)
        self.sizes = BatchSizes(self.config.batch_size, max(self.config.claim_limit, self.config.batch_size),
                                slow_seconds)

    def deliver_due(self) -> int:
        """Deliver what is due now; returns how many messages were attempted."""
        # Half the lease for this round, counted from before the claim: what is not sent by
        # then goes back to the queue before another worker may claim it, so a slow receiver
        # never gets a message twice (a batch in flight may take up to the HTTP read timeout,
        # which is well under half the lease).
        until = self.clock() + self.config.lease_seconds / 2
        now = self.now()
        lease = timedelta(seconds=self.config.lease_seconds)
        claims = claim_due(self.database, now=now, lease=lease, limit=self.config.claim_limit,
                           exclude_targets=self.breakers.blocked())
        for target in self.breakers.trial_candidates():
            trial = claim_due(self.database, now=now, lease=lease, limit=1, only_target=target)
            if trial:
                self.breakers.start_trial(target)
                claims += trial
        return sum(self._deliver_group(target, kind, group, until)
                   for (target, kind), group in _groups(claims))

    def _deliver_group(self, target: str, kind: str, claims: list[Claim], until: float) -> int:
        channel = CHANNELS.get(kind)
        batched = channel is not None and channel.batched
        is_trial = self.breakers.state(target) != CLOSED
        attempted = start = 0
        while start < len(claims):
            if not is_trial and self.breakers.state(target) != CLOSED:
                release(self.database, [claim.id for claim in claims[start:]], now=self.now())
                log.warning("outbox circuit open", extra={"target": target})
                break
            if self.clock() > until:
                release(self.database, [claim.id for claim in claims[start:]], now=self.now())
                log.warning("outbox lease running out", extra={"target": target, "left": len(claims) - start})
                break
            batch = claims[start:start + (self.sizes.size(target) if batched else 1)]
            outcomes, seconds = self._deliver_batch(channel, kind, batch)
            self.breakers.record(target, any(outcome.receiver_answered for outcome in outcomes))
            # Wrong credentials (held) say nothing about load: the size stays as it was.
            if batched and not any(outcome.status == HELD for outcome in outcomes):
                self.sizes.record(target, len(batch), seconds,
                                  ok=all(outcome.status != RETRY for outcome in outcomes),
                                  fitted=max((outcome.fitted for outcome in outcomes if outcome.fitted),
                                             default=None))
            attempted += len(outcomes)
            start += len(batch)
        return attempted

    def _deliver_batch(self, channel: Channel | None, kind: str,
                       claims: list[Claim]) -> tuple[list[Outcome], float]:
        """The outcomes, and how long the receiver took (the deliverer's call)."""
        ids = [claim.id for claim in claims]
        seconds = 0.0
        with self.database.session() as session:
            messages: list[OutboxMessage] | None = None
            if channel is None:
                outcomes = [Outcome(REJECTED, f"Onbekend soort bericht: {kind}")] * len(claims)
            else:
                if not channel.takes_claims:
                    messages = list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                                    .order_by(OutboxMessage.id)))
                started = self.clock()
                try:
                    delivered = claims if messages is None else messages
                    outcomes = channel.deliver(session, delivered, self.context)  # type: ignore[arg-type]
                except Exception as exc:  # noqa: BLE001 - a bug must not stop the worker
                    log.exception("delivery crashed", extra={"message_ids": ids})
                    session.rollback()
                    outcomes = [Outcome(RETRY, f"Interne fout: {type(exc).__name__}")] * len(
                        claims if messages is None else messages)
                seconds = self.clock() - started
            now = self.now()
            if messages is None:
                self._record_claims(session, claims, outcomes, now)
            else:
                for message, outcome in zip(messages, outcomes, strict=True):
                    record_outcome(message, outcome, self.config, now, self.rng)
                _log_outcomes(kind, [(message.id, message.target, message.attempts, outcome)
                                     for message, outcome in zip(messages, outcomes, strict=True)])
            return outcomes, seconds

    def _record_claims(self, session: Session, claims: list[Claim], outcomes: list[Outcome],
                       now: datetime) -> None:
        """Delivered messages are marked with one ``UPDATE`` per batch; the rare others
        (retry, held, rejected) are loaded and recorded one by one, as above."""
        delivered: dict[str, list[int]] = {}
        others: dict[int, Outcome] = {}
        for claim, outcome in zip(claims, outcomes, strict=True):
            if outcome.status == DELIVERED:
                delivered.setdefault(outcome.detail, []).append(claim.id)
            else:
                others[claim.id] = outcome
        if delivered and not others:
            relaxed_commit(session)
        for detail, ids in delivered.items():
            session.execute(update(OutboxMessage).where(ids_in(session, ids))
                            .values(status=DELIVERED, delivered_at=now, last_error=detail or None)
                            .execution_options(synchronize_session=False))
        if others:
            for message in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(list(others)))):
                record_outcome(message, others[message.id], self.config, now, self.rng)
        _log_outcomes(claims[0].kind, [(claim.id, claim.target, claim.attempts, outcome)
                                       for claim, outcome in zip(claims, outcomes, strict=True)])


def _log_outcomes(kind: str, results: list[tuple[int, str, int, Outcome]]) -> None:
    """One line for a batch's delivered messages; one per message for the others."""
    delivered = [message_id for message_id, _target, _attempts, outcome in results
                 if outcome.status == DELIVERED and not outcome.detail]
    if delivered:
        log.info("outbox delivery", extra={
            "message_ids": delivered, "count": len(delivered), "kind": kind, "target": results[0][1],
            "outcome": DELIVERED})
    for message_id, target, attempts, outcome in results:
        if outcome.status != DELIVERED or outcome.detail:
            log.info("outbox delivery", extra={
                "message_id": message_id, "kind": kind, "target": target, "outcome": outcome.status,
                "attempts": attempts, "detail": outcome.detail})


def _groups(claims: list[Claim]) -> Iterator[tuple[tuple[str, str], list[Claim]]]:
    """Claims per (target, kind), in claim order."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.target, claim.kind), []).append(claim)
    yield from groups.items()


def sweep(database: Database, settings: Settings) -> None:
    """End what ended by time alone (see :mod:`lti_tool.intervisie.deadlines`); a failure is
    logged and never stops the deliveries."""
    try:
        end_overdue(database, settings)
    except Exception:  # noqa: BLE001 - the deliveries go on; the error is logged
        log.exception("intervisie deadline sweep failed")


def deliver_due(database: Database, settings: Settings | None = None) -> int:
    """One round with a fresh worker (``lti-tool worker --once``), after a sweep."""
    settings = settings or Settings.from_env()
    sweep(database, settings)
    return OutboxWorker(database, secret_key=settings.secret_key, config=settings.outbox,
                        http=OutboundSession(EgressPolicy.from_settings(settings))).deliver_due()


def beat(database: Database, name: str) -> None:
    with database.session() as session:
        session.merge(WorkerHeartbeat(name=name, seen_at=utcnow()))


def worker_status(database: Database) -> dict:
    with database.session() as session:
        latest = session.execute(select(WorkerHeartbeat.seen_at)
                                 .order_by(WorkerHeartbeat.seen_at.desc()).limit(1)).scalar()
        pending = session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status == PENDING)).scalar_one()
    seen = as_utc(latest)
    alive = seen is not None and utcnow() - seen < HEARTBEAT_FRESH
    return {"ok": alive, "last_seen": seen.isoformat() if seen else None, "pending": pending}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def run_forever(database: Database, stop: threading.Event, poll_seconds: float = 1.0,
                settings: Settings | None = None) -> None:
    settings = settings or Settings.from_env()
    worker = OutboxWorker(database, secret_key=settings.secret_key, config=settings.outbox,
                          http=OutboundSession(EgressPolicy.from_settings(settings)))
    name = worker_name()
    log.info("outbox worker started", extra={"worker": name})
    last_beat = last_sweep = float("-inf")
    while not stop.is_set():
        try:
            if time.monotonic() - last_beat >= HEARTBEAT_EVERY_SECONDS:
                beat(database, name)
                last_beat = time.monotonic()
            if time.monotonic() - last_sweep >= SWEEP_EVERY_SECONDS:
                sweep(database, settings)
                last_sweep = time.monotonic()
            busy = worker.deliver_due()
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
                              kwargs={"settings": app.extensions["settings"]},
                              name="outbox-worker", daemon=True)
    thread.start()
    app.extensions["outbox_worker_stop"] = stop
    return stop
