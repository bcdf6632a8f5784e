"""Text: Markdown to read; done when the learner moves on."""

from __future__ import annotations

from ..content.model import TextBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds


class TextKind(BlockKind[TextBlock]):
    type = "text"
    model = TextBlock
    label = N_("Lezen")
    xapi_activity_type = "LESSON"
    read = True

    def seconds(self, block: TextBlock) -> float:
        return reading_seconds(block.body)


KIND = TextKind()
