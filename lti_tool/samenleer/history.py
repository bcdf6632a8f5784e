"""A track's rounds over time: per theme both scores per round, as a table and a small chart.

Only revealed rounds count: a round still being answered blind shows nothing. Each chart
runs over its own theme's scale; a theme whose answer is a choice of topics has no chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.samenleer_model import SamenleerThemes, Scale, Theme
from ..models.samenleer import SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerRound, SamenleerTrack
from .rounds import answers

WIDTH, HEIGHT, PAD = 240, 90, 12


@dataclass(frozen=True)
class Point:
    round_number: int
    pro: int | None
    guest: int | None


@dataclass(frozen=True)
class Trend:
    theme: Theme
    scale: Scale
    points: list[Point]
    width = WIDTH
    height = HEIGHT

    def _x(self, index: int) -> float:
        steps = max(len(self.points) - 1, 1)
        return round(PAD + index * (WIDTH - 2 * PAD) / steps, 1)

    def _y(self, score: int) -> float:
        top = max(self.scale.size - 1, 1)
        return round(HEIGHT - PAD - (score - 1) * (HEIGHT - 2 * PAD) / top, 1)

    def label(self, score: int | None) -> str:
        """A score in the words of the theme's scale ("-" when there is none)."""
        point = self.scale.point(score)
        return point.label if point is not None else "-"

    def _coords(self, side: str) -> list[tuple[float, float]]:
        return [(self._x(i), self._y(score)) for i, p in enumerate(self.points)
                if self.scale.point(score := getattr(p, side)) is not None]

    @property
    def pro_coords(self) -> list[tuple[float, float]]:
        return self._coords("pro")

    @property
    def guest_coords(self) -> list[tuple[float, float]]:
        return self._coords("guest")

    @staticmethod
    def polyline(coords: list[tuple[float, float]]) -> str:
        return " ".join(f"{x},{y}" for x, y in coords)

    @property
    def gridlines(self) -> list[float]:
        return [self._y(score) for score in range(1, self.scale.size + 1)]


def visible_rounds(track: SamenleerTrack) -> list[SamenleerRound]:
    return [r for r in track.rounds if r.revealed]


def trends(themes: SamenleerThemes, track: SamenleerTrack) -> list[Trend]:
    rounds = visible_rounds(track)
    scores = [(r.number, answers(r, SIDE_PROFESSIONAL), answers(r, SIDE_GUEST)) for r in rounds]

    def score(by_theme: dict, theme_id: str) -> int | None:
        answer = by_theme.get(theme_id)
        return answer.score if answer is not None else None

    return [Trend(theme, scale, [Point(number, score(pro, theme.id), score(guest, theme.id))
                                 for number, pro, guest in scores])
            for theme in themes.themes if not (scale := themes.scale_of(theme)).is_topics]

