"""Audio (a podcast) with a transcript; done when the learner moves on, its playing reported."""

from __future__ import annotations

from ..content.model import AudioBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds


class AudioKind(BlockKind[AudioBlock]):
    type = "audio"
    model = AudioBlock
    label = N_("Luisteren")
    xapi_activity_type = "MEDIA"
    read = True
    media = True
    carries_picture_or_sound = True

    def seconds(self, block: AudioBlock) -> float:
        return block.seconds or reading_seconds(block.transcript_markdown)


KIND = AudioKind()
