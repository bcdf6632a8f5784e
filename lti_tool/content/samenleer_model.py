"""The typed Samenleer themes: what both people answer in a Samenleer-gesprek.

``samenleer/themes.yaml`` in a package (named by ``samenleer:`` in ``course.yaml``)
holds a 5-point scale and the themes. Every theme has a plain-language question for
the guided person, a very short version for the visual mode, a richer question for
the professional, and a pictogram (drawn by the tool) with its text alternative.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .model import Slug

Pictogram = Literal["puzzel", "hart", "duim", "groei", "agenda", "praten", "lamp"]
Face = Literal["heel-blij", "blij", "neutraal", "niet-blij", "verdrietig"]
SIMPLE_MAX_WORDS = 10
SCALE_SIZE = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    value: int = Field(ge=1, le=SCALE_SIZE)
    label: str = Field(min_length=1, max_length=60)
    face: Face


class Theme(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=80)
    pictogram: Pictogram
    pictogram_alt: str = Field(min_length=1, max_length=160)
    question: str = Field(min_length=1)
    simple: str = Field(min_length=1)
    professional: str = Field(min_length=1)
    words: str = Field(min_length=1)
    words_simple: str = Field(min_length=1)


class OwnTopic(_Strict):
    title: str = Field(min_length=1, max_length=80)
    pictogram: Pictogram
    pictogram_alt: str = Field(min_length=1, max_length=160)
    question: str = Field(min_length=1)
    simple: str = Field(min_length=1)
    professional: str = Field(min_length=1)


class SamenleerThemes(_Strict):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    intro_simple: str = Field(min_length=1)
    scale: list[ScalePoint] = Field(min_length=SCALE_SIZE, max_length=SCALE_SIZE)
    themes: list[Theme] = Field(min_length=1)
    own_topic: OwnTopic

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def point(self, value: int | None) -> ScalePoint | None:
        return next((p for p in self.scale if p.value == value), None)
