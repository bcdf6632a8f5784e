"""Scores of a zelfscan: pure functions, no Flask, no database.

An answer is 1..5 on the framework's scale, or ``None`` for "weet ik niet"; a skipped
statement has no answer at all. An area's score is the mean of its rated statements;
with no rated statement (all skipped or "weet ik niet") the area has no score, which is
not the same as a low one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..content.zelfscan_model import Framework

SCALE_MIN, SCALE_MAX = 1, 5
# From this mean on an area counts as a strength (4 = "meestal goed").
STRENGTH_FROM = 4.0


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    title: str
    mean: float | None
    rated: int
    unknown: int
    skipped: int

    @property
    def total(self) -> int:
        return self.rated + self.unknown + self.skipped

    @property
    def is_strength(self) -> bool:
        return self.mean is not None and self.mean >= STRENGTH_FROM


def area_scores(framework: Framework, answers: Mapping[str, int | None]) -> list[AreaScore]:
    """One score per area, in the framework's order; out-of-scale values are ignored."""
    scores = []
    for area in framework.areas:
        rated: list[int] = []
        unknown = skipped = 0
        for statement in area.statements:
            if statement.id not in answers:
                skipped += 1
                continue
            value = answers[statement.id]
            if value is None:
                unknown += 1
            elif SCALE_MIN <= value <= SCALE_MAX:
                rated.append(value)
            else:
                skipped += 1
        mean = round(sum(rated) / len(rated), 2) if rated else None
        scores.append(AreaScore(area.id, area.title, mean, len(rated), unknown, skipped))
    return scores


def means(scores: Sequence[AreaScore]) -> dict[str, float | None]:
    """Area id -> mean, as stored on a finished scan."""
    return {s.area_id: s.mean for s in scores}


def strengths_first(scores: Sequence[AreaScore]) -> list[AreaScore]:
    """Highest mean first (framework order on ties); areas without a score last."""
    order = {s.area_id: i for i, s in enumerate(scores)}
    return sorted(scores, key=lambda s: (s.mean is None, -(s.mean or 0.0), order[s.area_id]))


def strengths(scores: Sequence[AreaScore]) -> list[AreaScore]:
    return [s for s in strengths_first(scores) if s.is_strength]


def growth_areas(scores: Sequence[AreaScore], limit: int = 3) -> list[AreaScore]:
    """The lowest scored areas below the strength mark, lowest first."""
    weak = [s for s in scores if s.mean is not None and not s.is_strength]
    return list(reversed(strengths_first(weak)))[:limit]


def overall(scores: Sequence[AreaScore] | Mapping[str, float | None]) -> float | None:
    """Mean of the area means that exist (each area counts once, whatever its size)."""
    values = [s.mean for s in scores] if not isinstance(scores, Mapping) else list(scores.values())
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def scaled(mean: float | None) -> float | None:
    """1..5 as 0..1 (xAPI ``score.scaled``)."""
    if mean is None:
        return None
    return round((mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN), 4)


def change(before: Mapping[str, float | None], after: Mapping[str, float | None]
           ) -> dict[str, float | None]:
    """Per area: after minus before, ``None`` when either scan has no score for it."""
    result: dict[str, float | None] = {}
    for area_id, new in after.items():
        old = before.get(area_id)
        result[area_id] = None if new is None or old is None else round(new - old, 2)
    return result
