"""Process steps: a numbered process shown one step at a time, with an overview.

Without JavaScript every step shows as one numbered list. The SCORM runtime marks the
block done when the learner reaches the last step; the player marks it done when they
move on ("Verder"), as for text.
"""

from __future__ import annotations

from typing import Any

from ..content.model import ProcessStepsBlock
from ..marker import N_
from .kind import BlockKind
from .timing import reading_seconds


class ProcessStepsKind(BlockKind[ProcessStepsBlock]):
    type = "process_steps"
    model = ProcessStepsBlock
    label = N_("Stappen")
    xapi_activity_type = "LESSON"
    read = True

    def seconds(self, block: ProcessStepsBlock) -> float:
        return reading_seconds(block.intro, block.closing,
                               *(f"{s.title}\n{s.body}" for s in block.steps))

    def page_data(self, block: ProcessStepsBlock) -> dict[str, Any]:
        return {"steps": len(block.steps)}


KIND = ProcessStepsKind()
