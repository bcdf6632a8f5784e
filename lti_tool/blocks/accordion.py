"""Accordion: sections that open and close; done when the learner moves on, as text is."""

from __future__ import annotations

from ..content.model import AccordionBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds


class AccordionKind(BlockKind[AccordionBlock]):
    type = "accordion"
    model = AccordionBlock
    label = N_("Onderwerpen")
    xapi_activity_type = "LESSON"
    read = True

    def seconds(self, block: AccordionBlock) -> float:
        return reading_seconds(block.intro, *(f"{s.title}\n{s.body}" for s in block.sections))


KIND = AccordionKind()
