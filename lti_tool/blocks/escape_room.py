"""Escape room: puzzles on practice cases, each solved one reveals part of the code.

Entering the whole code opens the door and makes the block done. A static SCO page
renders each stage in advance: ``k<solved>`` and ``end``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import EscapeRoomBlock, Puzzle, normalise_answer
from ..marker import N_
from .kind import Answered, BlockKind, BlockState, Entry, Form, Outcome, first
from .timing import PUZZLE_SECONDS, reading_seconds

SOLVED = N_("Goed zo! Je hebt een stukje van de code gevonden.")  # the notice "opgelost"
ANSWER_MAX, CODE_MAX = 200, 100  # characters kept of what the learner types


@dataclass
class EscapeRoomState(BlockState):
    solved: list[Puzzle] = field(default_factory=list)
    current_puzzle: Puzzle | None = None  # the puzzle to solve now (None: time for the code)
    wrong_answer: str | None = None       # the last wrong answer to the current puzzle or code
    finished: bool = False

    @property
    def code_so_far(self) -> str:
        return "".join(p.code for p in self.solved)


class EscapeRoomKind(BlockKind[EscapeRoomBlock]):
    type = "escape_room"
    model = EscapeRoomBlock
    label = N_("Escaperoom")
    xapi_activity_type = "SIMULATION"
    xapi_interaction = "fill-in"
    carries_picture_or_sound = True  # the room is drawn: the learner sees the doors open

    def seconds(self, block: EscapeRoomBlock) -> float:
        return reading_seconds(block.intro, block.closing) + PUZZLE_SECONDS * len(block.puzzles)

    def state(self, block: EscapeRoomBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> EscapeRoomState:
        state = EscapeRoomState(done=done, attempts=len(answers))
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
        return state

    def answer(self, block: EscapeRoomBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        state = self.state(block, answers, done=False, pass_mark=pass_mark)
        if "puzzle" in form:
            puzzle = state.current_puzzle
            given = first(form, "answer").strip()[:ANSWER_MAX]
            if puzzle is None or first(form, "puzzle") != puzzle.id or not given:
                return Outcome()
            correct = puzzle.accepts(given)
            return Outcome(Entry({"puzzle": puzzle.id, "answer": given, "correct": correct},
                                 completes=False),
                           notice="opgelost" if correct else None,
                           event=Answered(correct, None, given, question_id=puzzle.id))
        if "code" in form and state.current_puzzle is None and not state.finished:
            given = first(form, "code").strip()[:CODE_MAX]
            correct = block.accepts_code(given)
            return Outcome(Entry({"code": given, "correct": correct}, completes=correct))
        return Outcome()

    def page_data(self, block: EscapeRoomBlock) -> dict[str, Any]:
        return {"puzzles": [{"id": p.id, "answers": sorted({normalise_answer(a) for a in p.answer})}
                            for p in block.puzzles],
                "code": normalise_answer("".join(block.code.split())),
                "answerMax": ANSWER_MAX, "codeMax": CODE_MAX}

    def views(self, block: EscapeRoomBlock) -> list[tuple[str, EscapeRoomState]]:
        puzzles = block.puzzles
        views = []
        for solved in range(1, len(puzzles) + 1):
            current = puzzles[solved] if solved < len(puzzles) else None
            views.append((f"k{solved}", EscapeRoomState(solved=puzzles[:solved],
                                                        current_puzzle=current, status=SOLVED)))
        views.append(("end", EscapeRoomState(solved=list(puzzles), finished=True, done=True)))
        return views


KIND = EscapeRoomKind()
