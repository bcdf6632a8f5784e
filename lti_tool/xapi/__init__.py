"""xAPI: learning events as statements for the organisation's LRS, through the outbox.

Call these inside the request's transaction, after recording the event itself; each
queues its statement(s) only when the learner's organisation has an enabled LRS
(``lti-tool lrs set``), and returns what it queued (``None`` / ``[]`` otherwise):

* ``launched(session, launch)`` - after a resource-link launch (to the launch's module,
  or the course).
* ``experienced(session, launch, module_id, block_id)`` - a block was viewed/done.
* ``answered(session, launch, module_id, block_id, success, score, response,
  question_id=None)`` - a quiz, question or escape-room puzzle was answered;
  ``score`` scaled 0..1 or ``None``, ``response`` a string or the chosen option ids.
* ``case_choice(session, launch, module_id, block_id, step_id, choice_id)`` - a choice
  in a branching case.
* ``media_played(session, launch, module_id, block_id, time_seconds=0.0)`` - a video
  or audio block started playing.
* ``module_result(session, launch, module_id, completed, passed, score_scaled)`` -
  a module's outcome changed: ``completed`` and/or ``passed``/``failed`` (cmi5 moveOn).
* ``terminated(session, launch, module_id=None, duration_seconds=None)`` - the learner
  left (e.g. "terug naar de leeromgeving").
* ``samenleer_shared(session, launch, theme_id, conversation_id)`` - a Samenleer round.

``emit_built(session, launch, build)`` queues statements built elsewhere by
``build(origin)``, e.g. with ``statements.statement`` / ``statements.activity`` (as the
zelfscan does); ``emit_statement(session, launch, statement)`` queues a finished one.
The vocabulary lives in ``vocabulary``, the builders in ``statements``, the actor
(pseudonymous unless the organisation opts in) in ``origin``.
"""

from __future__ import annotations

from .emit import emit_statement
from .events import (
    answered,
    case_choice,
    emit_built,
    experienced,
    launched,
    media_played,
    module_result,
    samenleer_shared,
    terminated,
)

__all__ = [
    "answered",
    "case_choice",
    "emit_built",
    "emit_statement",
    "experienced",
    "launched",
    "media_played",
    "module_result",
    "samenleer_shared",
    "terminated",
]
