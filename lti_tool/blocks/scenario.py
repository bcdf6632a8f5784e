"""Scenario: a conversation in which the learner, as werkbegeleider, chooses what to say.

Each step shows what the other says and two or three answers; an answer leads to the next
step or to an ending, whose points are the block's score (the latest run that reached an
ending, or the best, by the grading rule). The run is replayed from the learner's answers
as in a case; "opnieuw" starts a new run. Each step is an xAPI ``choice`` interaction whose
correct responses are the answers after which the best ending can still be reached.
A static SCO page renders every step and ending in advance (views ``s<i>``, ``e<i>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import ScenarioBlock, ScenarioChoice, ScenarioEnding, ScenarioStep
from ..marker import N_
from .branching import take_choice, unsent_choice
from .kind import Answered, BlockKind, BlockState, Entry, Form, Outcome
from .sorting import LANGUAGE
from .timing import CASE_STEP_SECONDS, reading_seconds

STEP_SECONDS = CASE_STEP_SECONDS / 2  # one line to read and a short choice


@dataclass
class ScenarioMove:
    step: ScenarioStep
    choice: ScenarioChoice


@dataclass
class ScenarioState(BlockState):
    path: list[ScenarioMove] = field(default_factory=list)  # this run so far
    current_step: ScenarioStep | None = None                # the step to answer now
    ending: ScenarioEnding | None = None                    # where the run ended
    # A SCO's view of a later step or an ending: the runtime adds the conversation so far,
    # so the view leaves out the introduction.
    midway: bool = False


def replay(block: ScenarioBlock, answers: Sequence[Any]) -> tuple[list[ScenarioMove],
                                                                   ScenarioStep | None,
                                                                   ScenarioEnding | None]:
    """The run so far, the step to answer now and the ending reached (one of the two)."""
    current: ScenarioStep | None = block.steps[0]
    ending: ScenarioEnding | None = None
    path: list[ScenarioMove] = []
    for row in answers:
        response = row.response or {}
        if response.get("restart"):
            current, ending, path = block.steps[0], None, []
            continue
        if current is None or response.get("step") != current.id:
            continue
        choice = current.choice(str(response.get("choice")))
        if choice is None:
            continue
        path.append(ScenarioMove(current, choice))
        current, ending = block.step(choice.next), block.ending(choice.next)
    return path, current, ending


class ScenarioKind(BlockKind[ScenarioBlock]):
    type = "scenario"
    model = ScenarioBlock
    label = N_("Gesprek")
    xapi_activity_type = "SIMULATION"
    xapi_interaction = "choice"

    def state(self, block: ScenarioBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> ScenarioState:
        path, current, ending = replay(block, answers)
        state = ScenarioState(done=done, attempts=len(answers), path=path, current_step=current,
                              ending=ending, form_open=current is not None)
        if ending is not None:
            state.passed = ending.points == block.max_points
        return state

    def unsent(self, block: ScenarioBlock, form: Form, answers: Sequence[Any]) -> bool:
        return unsent_choice(replay(block, answers)[1], form)

    def answer(self, block: ScenarioBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        taken = take_choice(replay(block, answers)[1], form)
        if isinstance(taken, Outcome):
            return taken
        current, choice = taken
        step_event = Answered(choice.id in block.best_choices(current), None, choice.id,
                              question_id=current.id)
        ending = block.ending(choice.next)
        if ending is None:
            return Outcome(Entry({"step": current.id, "choice": choice.id}, completes=False),
                           event=step_event)
        best = ending.points == block.max_points
        return Outcome(Entry({"step": current.id, "choice": choice.id, "ending": ending.id},
                             completes=True, score=float(ending.points), max_score=block.max_points),
                       event=(step_event, Answered(best, ending.points / block.max_points, ending.id)))

    def seconds(self, block: ScenarioBlock) -> float:
        return (reading_seconds(block.intro, *(e.feedback for e in block.endings))
                + STEP_SECONDS * len(block.steps))

    def max_points(self, block: ScenarioBlock) -> int:
        return block.max_points

    def xapi_definition(self, block: ScenarioBlock, item_id: str | None) -> dict[str, Any]:
        step = block.step(item_id)
        if step is None:
            return {}
        return {"interactionType": "choice", "correctResponsesPattern": block.best_choices(step),
                "description": {LANGUAGE: step.says},
                "choices": [{"id": c.id, "description": {LANGUAGE: c.text}} for c in step.choices]}

    def page_data(self, block: ScenarioBlock) -> dict[str, Any]:
        targets = {s.id: f"s{i}" for i, s in enumerate(block.steps)}
        targets.update({e.id: f"e{i}" for i, e in enumerate(block.endings)})
        return {"maxPoints": block.max_points, "you": block.player.name,
                "steps": [{"id": s.id, "speaker": block.character(s.speaker).name, "says": s.says,
                           "best": block.best_choices(s),
                           "choices": [{"id": c.id, "text": c.text, "next": targets[c.next]}
                                       for c in s.choices]} for s in block.steps],
                "endings": [{"id": e.id, "points": e.points} for e in block.endings]}

    def views(self, block: ScenarioBlock) -> list[tuple[str, ScenarioState]]:
        """Each step and each ending on its own; the runtime adds the conversation so far."""
        views = [(f"s{i}", ScenarioState(current_step=s, form_open=True, midway=True))
                 for i, s in enumerate(block.steps)]
        views += [(f"e{i}", ScenarioState(ending=e, done=True, midway=True))
                  for i, e in enumerate(block.endings)]
        return views


KIND = ScenarioKind()
