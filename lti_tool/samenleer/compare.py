"""The side-by-side view: both answers per theme, the biggest differences marked first.

Each answer is shown in its own theme's scale. Differences count on scales with points;
for a choice of topics the view says which topics both chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.samenleer_model import SamenleerThemes, Scale, Theme, Topic
from ..models.samenleer import OWN_TOPIC, SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerRound
from .rounds import answers
from .scales import Shown, shown

BIG_DIFFERENCE = 2


@dataclass(frozen=True)
class CompareRow:
    theme: Theme
    scale: Scale
    pro: Shown
    guest: Shown
    difference: int | None
    biggest: bool

    @property
    def shared_topics(self) -> list[Topic]:
        """The topics both chose (only for a topics scale)."""
        both = self.pro.topic_ids() & self.guest.topic_ids()
        return [t for t in self.scale.topics if t.id in both]


@dataclass(frozen=True)
class Comparison:
    rows: list[CompareRow]
    pro_topic: Shown
    guest_topic: Shown

    @property
    def talk_first(self) -> list[CompareRow]:
        """The marked rows, biggest difference first: where the conversation starts."""
        return sorted((r for r in self.rows if r.biggest), key=lambda r: -(r.difference or 0))


def _difference(pro: Shown, guest: Shown) -> int | None:
    if pro.point is None or guest.point is None:
        return None
    return abs(pro.point.value - guest.point.value)


def compare(themes: SamenleerThemes, round_: SamenleerRound) -> Comparison:
    """Call only for a revealed round (the views check ``round_.revealed``)."""
    pro, guest = answers(round_, SIDE_PROFESSIONAL), answers(round_, SIDE_GUEST)
    pairs = [(t, themes.scale_of(t)) for t in themes.themes]
    shown_pairs = [(shown(s, pro.get(t.id)), shown(s, guest.get(t.id))) for t, s in pairs]
    differences = [_difference(p, g) for p, g in shown_pairs]
    largest = max((d for d in differences if d is not None), default=0)
    rows = [CompareRow(theme, scale, p, g, diff,
                       biggest=diff is not None and diff > 0
                       and (diff >= BIG_DIFFERENCE or diff == largest))
            for (theme, scale), (p, g), diff in zip(pairs, shown_pairs, differences, strict=True)]
    return Comparison(rows, shown(None, pro.get(OWN_TOPIC)), shown(None, guest.get(OWN_TOPIC)))
