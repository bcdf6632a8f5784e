"""Text: Markdown to read; done when the learner moves on."""

from __future__ import annotations

from ..content.model import TextBlock
from ..marker import N_
from .kind import BlockKind


class TextKind(BlockKind[TextBlock]):
    type = "text"
    model = TextBlock
    label = N_("Lezen")
    xapi_activity_type = "LESSON"
    read = True


KIND = TextKind()
