"""Flip cards: a front (term, question, situation) and a back (the explanation).

Turning a card and marking it "Ik wist het" / "Nog oefenen" happen in the browser only
(not scored, not stored by the tool); the block is done when the learner moves on.
"""

from __future__ import annotations

from ..content.model import FlipCardsBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds

CARD_SECONDS = 10  # turning a card and thinking about it, besides reading it


class FlipCardsKind(BlockKind[FlipCardsBlock]):
    type = "flip_cards"
    model = FlipCardsBlock
    label = N_("Kaarten")
    xapi_activity_type = "LESSON"
    read = True

    def seconds(self, block: FlipCardsBlock) -> float:
        return (reading_seconds(block.intro, *(f"{c.front}\n{c.back}" for c in block.cards))
                + CARD_SECONDS * len(block.cards))


KIND = FlipCardsKind()
