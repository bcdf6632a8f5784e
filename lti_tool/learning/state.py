"""What a block looks like for one learner, derived from their stored answers. No Flask here.

The renderer and the templates only see a ``BlockState``; the SCORM exporter can
build the same object from its own runtime data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import (
    AnyBlock,
    CaseBlock,
    CaseChoice,
    CaseStep,
    EscapeRoomBlock,
    Puzzle,
    QuizBlock,
    ReflectionBlock,
)
from .progress import QuizResult, score_quiz


@dataclass
class CaseMove:
    step: CaseStep
    choice: CaseChoice


@dataclass
class BlockState:
    """Everything a block template may show. ``status``/``error`` go to the live region."""

    done: bool = False
    status: str | None = None
    error: str | None = None
    attempts: int = 0
    # quiz: the result of the latest attempt, unless the learner asked to try again
    quiz: QuizResult | None = None
    # reflection: the latest saved text (escaped by the templates, never trusted)
    text: str = ""
    # case: the choices made in this run and the step to decide on now
    path: list[CaseMove] = field(default_factory=list)
    current_step: CaseStep | None = None
    # escape room: solved puzzles, the puzzle to solve now, the last wrong answer
    solved: list[Puzzle] = field(default_factory=list)
    current_puzzle: Puzzle | None = None
    wrong_answer: str | None = None
    finished: bool = False

    @property
    def code_so_far(self) -> str:
        return "".join(p.code for p in self.solved)


def build_state(block: AnyBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
                retry: bool = False) -> BlockState:
    """``answers`` are the learner's rows for this block, oldest first (objects with ``.response``)."""
    state = BlockState(done=done, attempts=len(answers))
    if isinstance(block, QuizBlock):
        if answers and not retry:
            state.quiz = score_quiz(block, answers[-1].response.get("answers", {}), pass_mark)
    elif isinstance(block, ReflectionBlock):
        if answers:
            state.text = str(answers[-1].response.get("text", ""))
    elif isinstance(block, CaseBlock):
        _case_state(block, answers, state)
    elif isinstance(block, EscapeRoomBlock):
        _escape_state(block, answers, state)
    return state


def _case_state(block: CaseBlock, answers: Sequence[Any], state: BlockState) -> None:
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
    state.path = path
    state.current_step = current
    state.finished = current is None


def case_position(block: CaseBlock, answers: Sequence[Any]) -> CaseStep | None:
    """The step the learner decides on now (``None`` when the case has ended)."""
    state = BlockState()
    _case_state(block, answers, state)
    return state.current_step


def _escape_state(block: EscapeRoomBlock, answers: Sequence[Any], state: BlockState) -> None:
    solved_ids: set[str] = set()
    last_wrong: tuple[str, str] | None = None
    for row in answers:
        response = row.response or {}
        if "puzzle" in response:
            if response.get("correct"):
                solved_ids.add(str(response["puzzle"]))
                last_wrong = None
            else:
                last_wrong = (str(response["puzzle"]), str(response.get("answer", "")))
        elif "code" in response:
            if response.get("correct"):
                state.finished = True
                last_wrong = None
            else:
                last_wrong = ("code", str(response.get("code", "")))
    state.solved = [p for p in block.puzzles if p.id in solved_ids]
    state.current_puzzle = next((p for p in block.puzzles if p.id not in solved_ids), None)
    if last_wrong is not None:
        target = state.current_puzzle.id if state.current_puzzle else "code"
        if last_wrong[0] == target:
            state.wrong_answer = last_wrong[1]
