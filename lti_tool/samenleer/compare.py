"""The side-by-side view: both answers per theme, the biggest differences marked first."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.samenleer_model import SamenleerThemes, Theme
from ..models.samenleer import OWN_TOPIC, SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerAnswer, SamenleerRound
from .rounds import answers

BIG_DIFFERENCE = 2


@dataclass(frozen=True)
class CompareRow:
    theme: Theme
    pro: SamenleerAnswer | None
    guest: SamenleerAnswer | None
    difference: int | None
    biggest: bool


@dataclass(frozen=True)
class Comparison:
    rows: list[CompareRow]
    pro_topic: SamenleerAnswer | None
    guest_topic: SamenleerAnswer | None

    @property
    def talk_first(self) -> list[CompareRow]:
        """The marked rows, biggest difference first: where the conversation starts."""
        return sorted((r for r in self.rows if r.biggest), key=lambda r: -(r.difference or 0))


def _difference(pro: SamenleerAnswer | None, guest: SamenleerAnswer | None) -> int | None:
    if pro is None or guest is None or pro.score is None or guest.score is None:
        return None
    return abs(pro.score - guest.score)


def compare(themes: SamenleerThemes, round_: SamenleerRound) -> Comparison:
    """Call only for a revealed round (the views check ``round_.revealed``)."""
    pro, guest = answers(round_, SIDE_PROFESSIONAL), answers(round_, SIDE_GUEST)
    pairs = [(t, pro.get(t.id), guest.get(t.id)) for t in themes.themes]
    differences = [_difference(p, g) for _t, p, g in pairs]
    largest = max((d for d in differences if d is not None), default=0)
    rows = [CompareRow(theme, p, g, diff,
                       biggest=diff is not None and diff > 0
                       and (diff >= BIG_DIFFERENCE or diff == largest))
            for (theme, p, g), diff in zip(pairs, differences, strict=True)]
    return Comparison(rows, pro.get(OWN_TOPIC), guest.get(OWN_TOPIC))
