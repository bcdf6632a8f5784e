"""Quiz: single and multiple choice with feedback per option, scored; retakes are new attempts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.markdown import render_inline_markdown
from ..content.model import QuizBlock, QuizOption, QuizQuestion
from ..marker import N_
from ..numbers import percentage
from .kind import Answered, BlockKind, BlockState, Entry, Form, Outcome, first
from .timing import QUESTION_SECONDS, reading_seconds


@dataclass(frozen=True)
class QuestionResult:
    question: QuizQuestion
    chosen: tuple[str, ...]
    earned: float

    @property
    def correct(self) -> bool:
        return frozenset(self.chosen) == self.question.correct_ids

    @property
    def chosen_options(self) -> list[QuizOption]:
        return [o for o in self.question.options if o.id in self.chosen]

    @property
    def missed_options(self) -> list[QuizOption]:
        """Right options the learner did not choose."""
        return [o for o in self.question.options if o.correct and o.id not in self.chosen]

    @property
    def missed_label(self) -> str:
        """How the feedback names a right option the learner did not choose (Dutch, ``N_``).

        "Ook goed" only where there are several right answers and the learner found one.
        """
        if len(self.question.correct_ids) == 1:
            return N_("Het goede antwoord")
        return N_("Ook goed") if set(self.chosen) & self.question.correct_ids else N_("Goed antwoord")


@dataclass(frozen=True)
class QuizResult:
    questions: list[QuestionResult]
    earned: float
    maximum: int
    pass_mark: int

    @property
    def percent(self) -> float:
        return percentage(self.earned, self.maximum)

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark

    @property
    def right(self) -> int:
        """Questions answered fully right."""
        return sum(1 for r in self.questions if r.correct)

    @property
    def shown_percent(self) -> int:
        """The score as people read it: a whole percentage, rounded down (33,4 -> 33), so it
        never reaches the pass mark (a whole number) when the score itself does not."""
        return int(self.percent)


def question_points(question: QuizQuestion, chosen: Iterable[str]) -> float:
    """Single choice: all or nothing. Multiple choice: partial credit, wrong picks cost."""
    picked = set(chosen)
    right = question.correct_ids
    if question.kind == "single":
        return float(question.points) if picked and picked <= right and len(picked) == 1 else 0.0
    hits = len(picked & right)
    misses = len(picked - right)
    if not right:
        return 0.0
    return round(question.points * max(0.0, (hits - misses) / len(right)), 2)


def quiz_response(quiz: QuizBlock, form: Form) -> dict[str, list[str]]:
    """Read ``q-<question id>`` form fields; unknown options are dropped, single keeps one."""
    response: dict[str, list[str]] = {}
    for question in quiz.questions:
        valid = {o.id for o in question.options}
        chosen = [value for value in dict.fromkeys(form.get(f"q-{question.id}", ())) if value in valid]
        if question.kind == "single":
            chosen = chosen[:1]
        response[question.id] = chosen
    return response


def score_quiz(quiz: QuizBlock, response: Mapping[str, Sequence[str]], pass_mark: int) -> QuizResult:
    results = []
    for question in quiz.questions:
        chosen = tuple(response.get(question.id, ()))
        results.append(QuestionResult(question, chosen, question_points(question, chosen)))
    earned = round(sum(r.earned for r in results), 2)
    return QuizResult(results, earned, quiz.max_points, pass_mark)


@dataclass
class QuizState(BlockState):
    quiz: QuizResult | None = None  # the latest attempt, unless the learner asked to try again


class QuizKind(BlockKind[QuizBlock]):
    type = "quiz"
    model = QuizBlock
    label = N_("Quiz")
    xapi_activity_type = "ASSESSMENT"

    def state(self, block: QuizBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> QuizState:
        state = QuizState(done=done, attempts=len(answers))
        if answers:
            latest = score_quiz(block, answers[-1].response.get("answers", {}), pass_mark)
            state.passed = latest.passed
            state.quiz = None if retry else latest
        state.form_open = state.quiz is None
        return state

    def unsent(self, block: QuizBlock, form: Form, answers: Sequence[Any]) -> bool:
        return any(quiz_response(block, form).values())

    def answer(self, block: QuizBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        if first(form, "attempt") != str(len(answers)):
            # A form from before the latest attempt (another tab, or a post without a key).
            return Outcome(notice="al-verstuurd")
        response = quiz_response(block, form)
        if not any(response.values()):
            return Outcome(notice="leeg", retry=True)
        result = score_quiz(block, response, pass_mark)
        entry = Entry({"answers": response, "percent": result.percent, "passed": result.passed},
                      completes=True, score=result.earned, max_score=result.maximum)
        chosen = [option for options in response.values() for option in options]
        return Outcome(entry, event=Answered(result.passed, result.percent / 100, chosen))

    def seconds(self, block: QuizBlock) -> float:
        return reading_seconds(block.intro) + QUESTION_SECONDS * len(block.questions)

    def max_points(self, block: QuizBlock) -> int:
        return block.max_points

    def page_data(self, block: QuizBlock) -> dict[str, Any]:
        return {"questions": [{
            "id": question.id, "kind": question.kind, "points": question.points,
            "prompt": str(render_inline_markdown(question.prompt)),
            "options": [{"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                        for o in question.options],
        } for question in block.questions]}


KIND = QuizKind()
