"""Figure: a picture or diagram with alt text in the UI's language; done when the learner moves on.

It counts no time of its own: a figure shows what the text around it says, so looking at
it is part of reading the module, and its long description is the same message in words
for someone who cannot see the picture.
"""

from __future__ import annotations

from ..content.model import FigureBlock
from ..marker import N_
from .kind import BlockKind


class FigureKind(BlockKind[FigureBlock]):
    type = "figure"
    model = FigureBlock
    label = N_("Afbeelding")
    xapi_activity_type = "MEDIA"
    read = True
    carries_picture_or_sound = True


KIND = FigureKind()
