"""Answers in the words and pictures of their own scale.

Every theme names its scale (``content/samenleer_model.py``): a face scale, an amount,
"nog niet / ja" or a choice of topics. Reading a form and showing an answer both go
through here, so a score is never shown with another theme's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..content.samenleer_model import Scale, ScalePoint, Topic
from ..models.samenleer import CHOICES_MAX, SamenleerAnswer


def parse_score(scale: Scale | None, value: str | None) -> int | None:
    """The chosen point of ``scale``, or ``None`` (skipping is allowed; topics have no points)."""
    if scale is None or not value or not (value.isascii() and value.isdigit()) or len(value) > 3:
        return None  # also "²" and a thousand nines, which int() refuses
    return int(value) if scale.point(int(value)) is not None else None


def parse_choices(scale: Scale | None, values: Iterable[str]) -> str:
    """The chosen topics of a topics scale as stored: known ids, in the scale's order."""
    if scale is None or not scale.is_topics:
        return ""
    given = set(values)
    return " ".join(t.id for t in scale.topics if t.id in given)[:CHOICES_MAX]


@dataclass(frozen=True)
class Shown:
    """One side's answer to one theme, ready to show: its point or its topics, and its text."""

    scale: Scale | None
    point: ScalePoint | None
    topics: tuple[Topic, ...]
    text: str
    given: bool  # the side saved this question (possibly without choosing anything)

    @property
    def chosen(self) -> bool:
        return self.point is not None or bool(self.topics)

    @property
    def label(self) -> str:
        """The answer in the scale's own words ("Past goed", "Mijn werk, Mijn tempo")."""
        if self.point is not None:
            return self.point.label
        return ", ".join(t.label for t in self.topics)

    def topic_ids(self) -> set[str]:
        return {t.id for t in self.topics}


def shown(scale: Scale | None, answer: SamenleerAnswer | None) -> Shown:
    """``answer`` (or no answer) in the words of ``scale`` (``None`` for the own topic).

    A score that is not on the scale (the scale changed since) shows as no choice.
    """
    if answer is None:
        return Shown(scale, None, (), "", given=False)
    point = scale.point(answer.score) if scale is not None and not scale.is_topics else None
    topics = tuple(scale.chosen(answer.choices.split())) if scale is not None else ()
    return Shown(scale, point, topics, answer.text, given=True)
