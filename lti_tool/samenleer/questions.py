"""One question page per theme, and a last one for a side's own topic.

``question(themes, step, audience)`` picks the words for who is answering: the
professional's richer question, the guided person's plain one, or the very short
sentence (under a short title) of the visual version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from werkzeug.datastructures import MultiDict

from ..content.samenleer_model import SamenleerThemes, Scale
from ..errors import ProblemError
from ..marker import N_
from ..models.samenleer import OWN_TOPIC, SamenleerRound
from .rounds import save_answer
from .scales import Shown, parse_choices, parse_score, shown

Audience = Literal["pro", "guest", "visual"]


@dataclass(frozen=True)
class Question:
    step: int
    steps: int
    theme_id: str
    title: str
    short: str
    text: str
    words: str
    pictogram: str
    pictogram_alt: str
    scale: Scale | None  # ``None`` for the own topic: only words

    @property
    def is_own_topic(self) -> bool:
        return self.theme_id == OWN_TOPIC

    @property
    def is_last(self) -> bool:
        return self.step == self.steps


def step_count(themes: SamenleerThemes) -> int:
    return len(themes.themes) + 1


def question(themes: SamenleerThemes, step: int, audience: Audience) -> Question:
    steps = step_count(themes)
    if not 1 <= step <= steps:
        raise ProblemError(404, N_("Deze vraag bestaat niet"), N_("Ga terug naar het begin."),
                           check="samenleer_step")
    if step == steps:
        topic = themes.own_topic
        text = {"pro": topic.professional, "guest": topic.question, "visual": topic.simple}[audience]
        title = topic.short if audience == "visual" else topic.title
        return Question(step, steps, OWN_TOPIC, title, topic.short, text, "",
                        topic.pictogram, topic.pictogram_alt, None)
    theme = themes.themes[step - 1]
    text = {"pro": theme.professional, "guest": theme.question, "visual": theme.simple}[audience]
    words = theme.words_simple if audience == "visual" else theme.words
    title = theme.short if audience == "visual" else theme.title
    return Question(step, steps, theme.id, title, theme.short, text, words,
                    theme.pictogram, theme.pictogram_alt, themes.scale_of(theme))


def save_form(round_: SamenleerRound, side: str, item: Question, form: MultiDict) -> None:
    """Store what a question page's form says, read with the question's own scale."""
    save_answer(round_, side, item.theme_id, parse_score(item.scale, form.get("score")),
                form.get("text", ""), parse_choices(item.scale, form.getlist("topic")))


@dataclass(frozen=True)
class SummaryRow:
    question: Question
    answer: Shown


def summary(themes: SamenleerThemes, given: dict, audience: Audience) -> list[SummaryRow]:
    """Every question with what one side answered so far (``given``: theme id -> answer)."""
    rows = []
    for step in range(1, step_count(themes) + 1):
        item = question(themes, step, audience)
        rows.append(SummaryRow(item, shown(item.scale, given.get(item.theme_id))))
    return rows
