"""What a case and a conversation scenario share: a run through steps that the learner can
restart, replayed from their answers. A choice counts only at the step the run has
reached, so a stale page (back button, a second tab) records nothing."""

from __future__ import annotations

from typing import Any

from .kind import Entry, Form, Outcome, first


def unsent_choice(current: Any, form: Form) -> bool:
    """A choice made at the current step but not sent (the page asks before moving on)."""
    return (current is not None and first(form, "step") == current.id
            and current.choice(first(form, "choice")) is not None)


def take_choice(current: Any, form: Form) -> Outcome | tuple[Any, Any]:
    """A restart (an outcome), nothing to record (an empty outcome), or the current step
    and the choice made at it."""
    if first(form, "restart"):
        return Outcome(Entry({"restart": True}, completes=False))
    if current is None or first(form, "step") != current.id:
        return Outcome()
    choice = current.choice(first(form, "choice"))
    return Outcome() if choice is None else (current, choice)
