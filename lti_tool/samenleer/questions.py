"""One question page per theme, and a last one for a side's own topic.

``question(themes, step, audience)`` picks the words for who is answering: the
professional's richer question, the guided person's plain one, or the very short
sentence of the visual version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..content.samenleer_model import SCALE_SIZE, SamenleerThemes
from ..errors import ProblemError
from ..models.samenleer import OWN_TOPIC

Audience = Literal["pro", "guest", "visual"]


@dataclass(frozen=True)
class Question:
    step: int
    steps: int
    theme_id: str
    title: str
    text: str
    words: str
    pictogram: str
    pictogram_alt: str

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
        raise ProblemError(404, "Deze vraag bestaat niet", "Ga terug naar het begin.",
                           check="samenleer_step")
    if step == steps:
        topic = themes.own_topic
        text = {"pro": topic.professional, "guest": topic.question, "visual": topic.simple}[audience]
        return Question(step, steps, OWN_TOPIC, topic.title, text, "", topic.pictogram,
                        topic.pictogram_alt)
    theme = themes.themes[step - 1]
    text = {"pro": theme.professional, "guest": theme.question, "visual": theme.simple}[audience]
    words = theme.words_simple if audience == "visual" else theme.words
    return Question(step, steps, theme.id, theme.title, text, words, theme.pictogram,
                    theme.pictogram_alt)


def parse_score(value: str | None) -> int | None:
    """The chosen point of the scale, or ``None`` (skipping a question is allowed)."""
    if value and value.isdigit() and 1 <= int(value) <= SCALE_SIZE:
        return int(value)
    return None


@dataclass(frozen=True)
class SummaryRow:
    question: Question
    score_label: str | None
    text: str


def summary(themes: SamenleerThemes, given: dict, audience: Audience) -> list[SummaryRow]:
    """Every question with what one side answered so far (``given``: theme id -> answer)."""
    rows = []
    for step in range(1, step_count(themes) + 1):
        item = question(themes, step, audience)
        answer = given.get(item.theme_id)
        point = themes.point(answer.score) if answer is not None else None
        rows.append(SummaryRow(item, point.label if point else None, answer.text if answer else ""))
    return rows
