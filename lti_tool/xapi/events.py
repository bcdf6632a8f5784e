"""What the player and the launch call: one function per learning event.

Each builds its statement(s) only when the learner's organisation has an enabled
LRS, and queues them in the caller's session; the caller's commit sends them on
their way (through the outbox worker), its rollback discards them.
Call inside a request (the tool's settings come from the Flask app), or give
:func:`emit_built` the settings (the worker has no app).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import current_app
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import OutboxMessage
from ..settings import Settings
from . import statements
from .emit import enqueue_statement
from .lrs_config import enabled_lrs
from .origin import LaunchFacts, Origin, origin_for, origin_from


def emit_built(session: Session, launch: Launch, build: Callable[[Origin], dict | list[dict]],
               settings: Settings | None = None) -> list[OutboxMessage]:
    """Build statements for the launch's origin and queue them; the LRS settings are read
    once, and nothing is built when the organisation has no enabled LRS."""
    lrs = enabled_lrs(session, launch.organisation_id)
    if lrs is None:
        return []
    origin = origin_for(session, launch, settings or current_app.extensions["settings"],
                        identify=lrs.identify_learners)
    built = build(origin)
    return [enqueue_statement(session, launch, item)
            for item in (built if isinstance(built, list) else [built])]


def _one(messages: list[OutboxMessage]) -> OutboxMessage | None:
    return messages[0] if messages else None


def launched(session: Session, launch: Launch, facts: LaunchFacts | None = None,
             identify_learners: bool | None = None) -> OutboxMessage | None:
    """With ``facts`` and ``identify_learners`` (the launch knows both: it wrote the learner and
    read the registration with its organisation and LRS settings, which it found enabled), the
    statement is built and queued without a query; otherwise they are read as for any event."""
    if facts is None or identify_learners is None:
        return _one(emit_built(session, launch, lambda o: statements.launched(o, launch.content_item_id)))
    origin = origin_from(launch, facts, current_app.extensions["settings"], identify=identify_learners)
    return enqueue_statement(session, launch, statements.launched(origin, launch.content_item_id))


def experienced(session: Session, launch: Launch, module_id: str, block_id: str) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.experienced(o, module_id, block_id)))


def answered(session: Session, launch: Launch, module_id: str, block_id: str, success: bool | None,
             score: float | None, response: str | Sequence[str],
             question_id: str | None = None) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.answered(
        o, module_id, block_id, success=success, score=score, response=response,
        question_id=question_id)))


def case_choice(session: Session, launch: Launch, module_id: str, block_id: str, step_id: str,
                choice_id: str) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.case_choice(
        o, module_id, block_id, step_id, choice_id)))


def media_played(session: Session, launch: Launch, module_id: str, block_id: str,
                 time_seconds: float = 0.0) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.media_played(
        o, module_id, block_id, time_seconds)))


def module_result(session: Session, launch: Launch, module_id: str, completed: bool,
                  passed: bool | None, score_scaled: float | None) -> list[OutboxMessage]:
    return emit_built(session, launch, lambda o: statements.module_results(
        o, module_id, completed=completed, passed=passed, score_scaled=score_scaled))


def terminated(session: Session, launch: Launch, module_id: str | None = None,
               duration_seconds: float | None = None) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.terminated(o, module_id, duration_seconds)))


def samenleer_shared(session: Session, launch: Launch, theme_id: str,
                     conversation_id: str) -> OutboxMessage | None:
    return _one(emit_built(session, launch, lambda o: statements.samenleer_shared(
        o, theme_id, conversation_id)))
