"""Reflection: free text that only the learner sees; saving it makes the block done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..content.model import ReflectionBlock
from ..marker import N_
from .kind import BlockKind, BlockState, Entry, Form, Outcome, first
from .timing import REFLECTION_SECONDS, reading_seconds

REFLECTION_MAX = 5000  # characters; the player and the SCORM runtime both refuse longer texts


@dataclass
class ReflectionState(BlockState):
    text: str = ""  # the latest saved text (escaped by the template, never trusted)


class ReflectionKind(BlockKind[ReflectionBlock]):
    type = "reflection"
    model = ReflectionBlock
    label = N_("Reflectie")
    xapi_activity_type = "LESSON"

    def state(self, block: ReflectionBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> ReflectionState:
        text = str(answers[-1].response.get("text", "")) if answers else ""
        return ReflectionState(done=done, attempts=len(answers), text=text)

    def answer(self, block: ReflectionBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        text = first(form, "text").replace("\r\n", "\n").strip()
        if not text:
            return Outcome(notice="leeg-tekst")
        if len(text) > REFLECTION_MAX:
            return Outcome(notice="te-lang")
        return Outcome(Entry({"text": text}, completes=True), notice="bewaard")

    def seconds(self, block: ReflectionBlock) -> float:
        return reading_seconds(block.prompt) + REFLECTION_SECONDS

    def page_data(self, block: ReflectionBlock) -> dict[str, Any]:
        return {"max": REFLECTION_MAX}


KIND = ReflectionKind()
