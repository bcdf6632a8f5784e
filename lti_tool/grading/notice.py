"""What the learner is told about where this item's score goes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..launch_context import Launch
from .columns import has_no_column

PREVIEW = "preview"  # a staff launch: progress is a preview, nothing goes to the gradebook
NO_COLUMN = "no_column"  # the course has no column for this item
CHECKING = "checking"  # the tool has not asked the LMS yet


def grade_notice(session: Session, launch: Launch, item_id: str) -> str | None:
    """``PREVIEW``, ``NO_COLUMN``, ``CHECKING``, or ``None`` when the score simply goes to
    the item's own column (or the launch has no gradebook at all)."""
    if launch.is_instructor:
        return PREVIEW
    if not launch.can_send_scores:
        return None
    missing = has_no_column(session, launch, item_id)
    if missing is None:
        return CHECKING
    return NO_COLUMN if missing else None
