"""Casuïstiek: a branching scenario; reaching an ending makes the block done.

The learner's run is replayed from their answers: a choice counts when it was made at the
step the run had reached, a restart begins a new run. A static SCO page renders every
consequence in advance as view ``s<step>c<choice>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import CaseBlock, CaseChoice, CaseStep
from ..marker import N_
from .branching import take_choice, unsent_choice
from .kind import BlockKind, BlockState, Chose, Entry, Form, Outcome
from .timing import CASE_STEP_SECONDS, reading_seconds


@dataclass
class CaseMove:
    step: CaseStep
    choice: CaseChoice


@dataclass
class CaseState(BlockState):
    path: list[CaseMove] = field(default_factory=list)  # the choices made in this run
    current_step: CaseStep | None = None                 # the step to decide on now
    finished: bool = False


def replay(block: CaseBlock, answers: Sequence[Any]) -> tuple[list[CaseMove], CaseStep | None]:
    """The run so far and the step the learner decides on now (``None``: the case has ended)."""
    current: CaseStep | None = block.steps[0]
    path: list[CaseMove] = []
    for row in answers:
        response = row.response or {}
        if response.get("restart"):
            current, path = block.steps[0], []
            continue
        if current is None or response.get("step") != current.id:
            continue
        choice = current.choice(str(response.get("choice")))
        if choice is None:
            continue
        path.append(CaseMove(current, choice))
        current = block.step(choice.next) if choice.next else None
    return path, current


class CaseKind(BlockKind[CaseBlock]):
    type = "case"
    model = CaseBlock
    label = N_("Casus")
    xapi_activity_type = "SIMULATION"

    def state(self, block: CaseBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> CaseState:
        path, current = replay(block, answers)
        return CaseState(done=done, attempts=len(answers), path=path, current_step=current,
                         finished=current is None, form_open=current is not None)

    def unsent(self, block: CaseBlock, form: Form, answers: Sequence[Any]) -> bool:
        return unsent_choice(replay(block, answers)[1], form)

    def answer(self, block: CaseBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        taken = take_choice(replay(block, answers)[1], form)
        if isinstance(taken, Outcome):
            return taken
        current, choice = taken
        return Outcome(Entry({"step": current.id, "choice": choice.id}, completes=choice.next is None),
                       event=Chose(current.id, choice.id))

    def seconds(self, block: CaseBlock) -> float:
        return reading_seconds(block.intro, block.closing) + CASE_STEP_SECONDS * len(block.steps)

    def page_data(self, block: CaseBlock) -> dict[str, Any]:
        index = {step.id: si for si, step in enumerate(block.steps)}
        return {"steps": [{"id": step.id, "choices": [
            {"id": c.id, "next": index[c.next] if c.next else -1} for c in step.choices]}
            for step in block.steps]}

    def views(self, block: CaseBlock) -> list[tuple[str, CaseState]]:
        views = []
        for si, step in enumerate(block.steps):
            for ci, choice in enumerate(step.choices):
                following = block.step(choice.next) if choice.next else None
                views.append((f"s{si}c{ci}", CaseState(path=[CaseMove(step, choice)],
                                                       current_step=following,
                                                       finished=following is None)))
        return views


KIND = CaseKind()
