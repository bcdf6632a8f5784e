"""Escape room: a drawn room whose objects each hold a puzzle on a practice case.

A solved puzzle shows its part of the code; the whole code opens the combination lock on
the door and makes the block done. The room's state is a list of moves, each an answer
row's ``response`` (the learner's own rows, or the team's shared rows merged with the
learner's wrong answers, see ``lti_tool.learning.escape_teams``):

- ``{"start": true, "countdown": bool}``: entered the room (with or without the countdown)
- ``{"countdown": bool}``: switched the countdown on or off
- ``{"puzzle": id, "answer": text, "correct": bool}``: an answer to one puzzle
- ``{"hint": id, "n": k}``: took hint ``k`` of a puzzle (each costs ``hint_minutes``)
- ``{"code": text, "correct": bool}``: a try at the lock

Puzzles may be solved in any order. A static SCO page renders the start and the end
(``end``); its runtime (``scorm_export/runtime/blocks/escape_room.js``) shows the rest
from the page data, since solved puzzles and hints can come in any mix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..content.model import EscapeRoomBlock, Puzzle, normalise_answer
from ..marker import N_
from .kind import Answered, BlockKind, BlockState, Entry, Form, Outcome, first
from .timing import PUZZLE_SECONDS, reading_seconds


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive times that were stored in UTC (no models here: the exporter)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def once_key(response: dict[str, Any]) -> str | None:
    """What a right answer counts for, once per learner and once per team: its puzzle
    solved (``solve:<id>``) or the door opened (``door``); ``None`` for anything else."""
    if not response.get("correct"):
        return None
    if "puzzle" in response:
        return f"solve:{response['puzzle']}"
    return "door" if "code" in response else None


SOLVED = N_("Goed zo! Je hebt een stukje van de code gevonden.")  # the notice "opgelost"
ANSWER_MAX, CODE_MAX = 200, 100  # characters kept of what the learner types


@dataclass
class EscapeRoomState(BlockState):
    started: bool = False
    started_at: datetime | None = None
    opened_at: datetime | None = None   # when the door opened
    countdown: bool = False
    solved_ids: set[str] = field(default_factory=set)
    hints_used: dict[str, int] = field(default_factory=dict)  # puzzle id -> hints taken
    wrong: dict[str, str] = field(default_factory=dict)  # puzzle id or "code" -> last wrong try
    last_puzzle: str | None = None  # the puzzle (or "code") the latest move was about
    finished: bool = False
    # Set by the player, not by the kind: the team this learner plays in.
    team_code: str | None = None
    team_version: int = 0
    static: bool = False  # a SCO page: every variant rendered, its runtime shows what applies
    # Set by the player: module id -> (title, link) for the debrief.
    modules: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    @property
    def hints_total(self) -> int:
        return sum(self.hints_used.values())

    def penalty_minutes(self, block: EscapeRoomBlock) -> int:
        return self.hints_total * block.hint_minutes

    def played_minutes(self, now: datetime | None = None) -> int:
        """Whole minutes from entering the room to the door opening (or to now)."""
        if self.started_at is None:
            return 0
        end = self.opened_at or now or utcnow()
        return max(0, int((as_utc(end) - as_utc(self.started_at)).total_seconds() // 60))

    def remaining_seconds(self, block: EscapeRoomBlock, now: datetime | None = None) -> int:
        """Seconds left on the countdown (negative: time is up); hints take minutes off."""
        if self.started_at is None:
            return block.countdown_minutes * 60
        spent = (as_utc(now or utcnow()) - as_utc(self.started_at)).total_seconds()
        return int(block.countdown_minutes * 60 - spent - self.penalty_minutes(block) * 60)

    def code_part(self, puzzle: Puzzle) -> str | None:
        return puzzle.code if puzzle.id in self.solved_ids else None

    @property
    def solved(self) -> list[str]:
        return sorted(self.solved_ids)


def room_state(block: EscapeRoomBlock, answers: Sequence[Any], *, done: bool) -> EscapeRoomState:
    """The room after ``answers`` (rows with ``response`` and ``created_at``), oldest first."""
    state = EscapeRoomState(done=done, attempts=len(answers))
    known = {p.id: p for p in block.puzzles}
    for row in answers:
        response = row.response or {}
        at = getattr(row, "created_at", None)
        if response.get("start"):
            if not state.started:
                state.started, state.started_at = True, at
                state.countdown = bool(response.get("countdown"))
        elif "countdown" in response:
            state.countdown = bool(response["countdown"])
        elif "hint" in response:
            puzzle = known.get(str(response["hint"]))
            n = response.get("n")
            if puzzle is not None and isinstance(n, int) and 0 < n <= len(puzzle.hints):
                state.hints_used[puzzle.id] = max(n, state.hints_used.get(puzzle.id, 0))
                state.last_puzzle = puzzle.id
        elif "puzzle" in response:
            puzzle_id = str(response["puzzle"])
            if puzzle_id not in known:
                continue
            state.last_puzzle = puzzle_id
            if response.get("correct"):
                state.solved_ids.add(puzzle_id)
                state.wrong.pop(puzzle_id, None)
            elif puzzle_id not in state.solved_ids:
                state.wrong[puzzle_id] = str(response.get("answer", ""))
        elif "code" in response:
            state.last_puzzle = "code"
            if response.get("correct"):
                if not state.finished:
                    state.finished, state.opened_at = True, at
                state.wrong.pop("code", None)
            elif not state.finished:
                state.wrong["code"] = str(response.get("code", ""))
    # Rows from before the room had a start (or a start lost to a team switch) still count.
    state.started = state.started or bool(state.wrong or state.solved_ids or state.hints_used
                                          or state.finished)
    return state


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
        return room_state(block, answers, done=done)

    def answer(self, block: EscapeRoomBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        state = room_state(block, answers, done=False)
        if "start" in form:
            if state.started:
                return Outcome()
            return Outcome(Entry({"start": True, "countdown": first(form, "countdown") == "on"},
                                 completes=False))
        if "countdown" in form:
            wanted = first(form, "countdown") == "on"
            if wanted == state.countdown:
                return Outcome()
            return Outcome(Entry({"countdown": wanted}, completes=False))
        if "hint" in form:
            puzzle = block.puzzle(first(form, "hint"))
            taken = state.hints_used.get(puzzle.id, 0) if puzzle else 0
            # "n" names the hint asked for: a second click on the same button adds nothing.
            if (puzzle is None or puzzle.id in state.solved_ids or first(form, "n") != str(taken + 1)
                    or taken >= len(puzzle.hints)):
                return Outcome()
            return Outcome(Entry({"hint": puzzle.id, "n": taken + 1}, completes=False))
        if "puzzle" in form:
            puzzle = block.puzzle(first(form, "puzzle"))
            given = first(form, "answer").strip()[:ANSWER_MAX]
            if puzzle is None or not given:
                return Outcome()
            correct = puzzle.accepts(given)
            # Solved already (by the team, or a second click): a right answer is still this
            # learner's own, kept once (its ``once_key``); a wrong one changes nothing.
            if puzzle.id in state.solved_ids and not correct:
                return Outcome()
            return Outcome(_entry({"puzzle": puzzle.id, "answer": given, "correct": correct}),
                           notice="opgelost" if correct else None,
                           event=Answered(correct, None, given, question_id=puzzle.id))
        if "code" in form and not state.finished:
            given = first(form, "code").strip()[:CODE_MAX]
            if not given:
                return Outcome()
            correct = block.accepts_code(given)
            return Outcome(_entry({"code": given, "correct": correct}, completes=correct),
                           event=Answered(correct, None, given, question_id="slot"))
        return Outcome()

    def page_data(self, block: EscapeRoomBlock) -> dict[str, Any]:
        return {"puzzles": [{"id": p.id, "answers": sorted({normalise_answer(a) for a in p.answer}),
                             "code": p.code, "hints": p.hints} for p in block.puzzles],
                "code": normalise_answer("".join(block.code.split())),
                "countdownMinutes": block.countdown_minutes, "hintMinutes": block.hint_minutes,
                "answerMax": ANSWER_MAX, "codeMax": CODE_MAX}

    def views(self, block: EscapeRoomBlock) -> list[tuple[str, EscapeRoomState]]:
        everything = {p.id for p in block.puzzles}
        return [("room", EscapeRoomState(started=True, static=True)),
                ("end", EscapeRoomState(started=True, solved_ids=everything, finished=True,
                                        done=True, static=True))]


def _entry(response: dict[str, Any], completes: bool = False) -> Entry:
    return Entry(response, completes=completes, once_key=once_key(response))


KIND = EscapeRoomKind()
