"""The typed Samenleer themes: what both people answer in a Samenleer-gesprek.

``samenleer/themes.yaml`` in a package (named by ``samenleer:`` in ``course.yaml``)
holds the answer scales and the themes. Every theme has a plain-language question for
the guided person, a very short version for the visual mode, a richer question for
the professional, a short title, a pictogram (drawn by the tool) with its text
alternative, and names the scale that fits its question.

A scale has a *kind*, which fixes its pictures and its shape:

* ``how-it-goes``: a feeling from bad to good, drawn as faces (3 to 5 points);
* ``how-much``: an amount from nothing to a lot, drawn as filled bars (3 to 5 points);
* ``yes-not-yet``: "nog niet" to "ja" (2 or 3 points);
* ``topics``: choose one or more topics, each with its own pictogram (no points).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from .model import Slug

Pictogram = Literal["puzzel", "hart", "duim", "groei", "agenda", "praten", "lamp",
                    "werk", "mensen", "klok"]
ScaleKind = Literal["how-it-goes", "how-much", "yes-not-yet", "topics"]
Face = Literal["verdrietig", "niet-blij", "neutraal", "blij", "heel-blij"]
Amount = Literal["niets", "beetje", "half", "veel", "heel-veel"]
YesNotYet = Literal["nog-niet", "soms", "ja"]
Picture = Face | Amount | YesNotYet

#: The pictures each kind may use, from the lowest point to the highest.
KIND_PICTURES: dict[str, tuple[str, ...]] = {
    "how-it-goes": get_args(Face),
    "how-much": get_args(Amount),
    "yes-not-yet": get_args(YesNotYet),
    "topics": (),
}
#: How many points each kind has (``topics`` has none: its answer is a choice of topics).
KIND_POINTS: dict[str, tuple[int, int]] = {
    "how-it-goes": (3, 5), "how-much": (3, 5), "yes-not-yet": (2, 3), "topics": (0, 0),
}
SIMPLE_MAX_WORDS = 10
SHORT_MAX_WORDS = 4
SCALE_MAX = 5
TOPICS_MIN, TOPICS_MAX = 2, 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    value: int = Field(ge=1, le=SCALE_MAX)
    label: str = Field(min_length=1, max_length=60)
    picture: Picture


class Topic(_Strict):
    id: Slug
    label: str = Field(min_length=1, max_length=60)
    pictogram: Pictogram


class Scale(_Strict):
    id: Slug
    kind: ScaleKind
    question: str = Field(min_length=1, max_length=80)
    points: list[ScalePoint] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)

    @property
    def is_topics(self) -> bool:
        return self.kind == "topics"

    @property
    def size(self) -> int:
        """The highest value of the scale (0 for a choice of topics)."""
        return len(self.points)

    def point(self, value: int | None) -> ScalePoint | None:
        return next((p for p in self.points if p.value == value), None)

    def chosen(self, ids: list[str]) -> list[Topic]:
        """The scale's topics among ``ids``, in the scale's order."""
        return [t for t in self.topics if t.id in ids]


class Theme(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=80)
    short: str = Field(min_length=1, max_length=40)
    pictogram: Pictogram
    pictogram_alt: str = Field(min_length=1, max_length=160)
    question: str = Field(min_length=1)
    simple: str = Field(min_length=1)
    professional: str = Field(min_length=1)
    scale: Slug
    words: str = Field(min_length=1)
    words_simple: str = Field(min_length=1)


class OwnTopic(_Strict):
    title: str = Field(min_length=1, max_length=80)
    short: str = Field(min_length=1, max_length=40)
    pictogram: Pictogram
    pictogram_alt: str = Field(min_length=1, max_length=160)
    question: str = Field(min_length=1)
    simple: str = Field(min_length=1)
    professional: str = Field(min_length=1)


class SamenleerThemes(_Strict):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    intro_simple: str = Field(min_length=1)
    scales: list[Scale] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    own_topic: OwnTopic
    #: The language the themes are written in: Dutch, like every course (``CourseManifest``).
    language: Literal["nl"] = "nl"

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def scale_of(self, theme: Theme) -> Scale:
        """The theme's scale (the checker makes sure it exists)."""
        return next(s for s in self.scales if s.id == theme.scale)
