"""The typed model of a zelfscan framework (``zelfscan/<id>.yaml`` in a content package).

A framework names the competence areas of a role. Each area has a few behaviour
statements ("Ik ...") that the learner rates on a five-point scale, or answers with
"weet ik niet", and the modules (optionally blocks) that strengthen the area, each
with a weight: how strongly the module serves the area (1 a little, 2 clearly,
3 strongly). The checker (``zelfscan_loader``) adds what a schema cannot say: every
module exists, ids are unique, the scale is complete.
"""

from __future__ import annotations

from pydantic import Field

from .model import Slug, _Strict

SCALE_VALUES = (1, 2, 3, 4, 5)
STATEMENTS_MIN, STATEMENTS_MAX = 3, 5
WEIGHT_MIN, WEIGHT_MAX = 1, 3


class ScalePoint(_Strict):
    value: int = Field(ge=1, le=5)
    label: str = Field(min_length=1, max_length=60)


class ModuleLink(_Strict):
    """A module that strengthens an area; ``blocks`` points at its most useful parts."""

    module: Slug
    weight: int = Field(ge=WEIGHT_MIN, le=WEIGHT_MAX)
    blocks: list[Slug] = Field(default_factory=list)


class Statement(_Strict):
    id: Slug
    text: str = Field(min_length=1, max_length=300)


class Area(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=120)
    description: str | None = None
    statements: list[Statement] = Field(min_length=1)
    modules: list[ModuleLink] = Field(default_factory=list)


class Framework(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=160)
    audience: str = Field(min_length=1, max_length=160)
    intro: str = Field(min_length=1)
    minutes: int = Field(default=10, ge=1, le=120)
    # Days after a finished scan before the learner can scan again (0: any time).
    zelfscan_min_days: int = Field(default=0, ge=0, le=3650)
    scale: list[ScalePoint] = Field(min_length=1)
    unknown_label: str = Field(default="Weet ik niet", min_length=1, max_length=60)
    areas: list[Area] = Field(min_length=1)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def area_index(self, area_id: str) -> int:
        for index, area in enumerate(self.areas):
            if area.id == area_id:
                return index
        raise KeyError(area_id)

    @property
    def statements(self) -> list[Statement]:
        return [s for a in self.areas for s in a.statements]

    @property
    def statement_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.statements)

    def label(self, value: int | None) -> str:
        if value is None:
            return self.unknown_label
        return next((p.label for p in self.scale if p.value == value), str(value))

    @property
    def module_ids(self) -> list[str]:
        """Every module the framework points at, in first-mentioned order."""
        return list(dict.fromkeys(link.module for a in self.areas for link in a.modules))
