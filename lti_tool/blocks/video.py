"""Video with WebVTT captions; done when the learner moves on, its playing reported to the LRS."""

from __future__ import annotations

from ..content.model import VideoBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds


class VideoKind(BlockKind[VideoBlock]):
    type = "video"
    model = VideoBlock
    label = N_("Video")
    xapi_activity_type = "VIDEO"
    read = True
    media = True
    carries_picture_or_sound = True

    def seconds(self, block: VideoBlock) -> float:
        return block.seconds or reading_seconds(block.transcript)


KIND = VideoKind()
