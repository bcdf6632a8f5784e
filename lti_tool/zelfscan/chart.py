"""Geometry of the server-rendered bar chart (``templates/zelfscan/_chart.html``).

One row per area: its title above, then one bar (a single scan) or two (before and
after). The scale runs from 0 to 5 so that a 1 still shows as a bar. Colours come from
CSS classes, never from style attributes (the CSP allows no inline styles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 420
LEFT = 6
RIGHT = 360          # the end of the bars; value labels go to the right of it
LABEL_HEIGHT = 22
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 14
AXIS_HEIGHT = 26
SCALE_MAX = 5


@dataclass(frozen=True)
class Bar:
    kind: str            # "before", "after" or "single"
    y: float
    width: float
    label: str
    label_x: float


@dataclass(frozen=True)
class Row:
    title: str
    title_y: float
    bars: list[Bar]
    empty_label: str | None  # shown when the area has no score in any scan


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    rows: list[Row]
    ticks: list[Tick]
    axis_y: float
    compare: bool
    left: int = LEFT
    right: int = RIGHT


def _x(value: float) -> float:
    return round(LEFT + (RIGHT - LEFT) * max(0.0, min(value, SCALE_MAX)) / SCALE_MAX, 1)


def bar_chart(rows: Sequence[tuple[str, float | None, float | None]], fmt: Callable[[float], str],
              no_score: str, compare: bool) -> Chart:
    """``rows``: (title, before, after); with ``compare`` false only ``after`` is drawn."""
    built: list[Row] = []
    y = 0.0
    for title, before, after in rows:
        title_y = y + LABEL_HEIGHT - 6
        y += LABEL_HEIGHT
        values = [("before", before), ("after", after)] if compare else [("single", after)]
        bars = []
        for kind, value in values:
            if value is not None:
                width = _x(value) - LEFT
                bars.append(Bar(kind, y, width, fmt(value), LEFT + width + 6))
            y += BAR_HEIGHT + BAR_GAP
        empty = no_score if not bars else None
        built.append(Row(title, title_y, bars, empty))
        y += ROW_GAP - BAR_GAP
    ticks = [Tick(_x(value), str(value)) for value in range(0, SCALE_MAX + 1)]
    return Chart(WIDTH, round(y + AXIS_HEIGHT, 1), built, ticks, round(y, 1), compare)
