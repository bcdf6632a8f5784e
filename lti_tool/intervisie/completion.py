"""Taking part counts: a finished session is reported once per member, as completion in the
gradebook (1 out of 1, through the outbox) and as one xAPI statement without any content.

Each member's report goes out with their own launch, the first time they open the group
or the session after it finished; ``reported_at`` is set by a conditional update, so a
double click or two tabs report it once.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import utcnow
from ..models.intervisie import (
    STATUS_DONE,
    IntervisieMember,
    IntervisieParticipant,
    IntervisieSession,
)
from ..outbox.messages import enqueue_ags_score
from .xapi_events import session_completed

CONTENT_ITEM = "intervisie"


def report_finished(session: Session, launch: Launch, secret_key: str, member: IntervisieMember
                    ) -> int:
    """Report every finished session ``member`` took part in and was not reported; how many."""
    pending = list(session.scalars(select(IntervisieSession).join(
        IntervisieParticipant, IntervisieParticipant.session_id == IntervisieSession.id).where(
        IntervisieParticipant.member_id == member.id, IntervisieParticipant.reported_at.is_(None),
        IntervisieSession.status == STATUS_DONE)))
    reported = 0
    for row in pending:
        claimed = cast(CursorResult[Any], session.execute(
            update(IntervisieParticipant).where(IntervisieParticipant.session_id == row.id,
                                                IntervisieParticipant.member_id == member.id,
                                                IntervisieParticipant.reported_at.is_(None))
            .values(reported_at=utcnow()).execution_options(synchronize_session=False)))
        if claimed.rowcount != 1:
            continue
        enqueue_ags_score(session, launch, score_given=1.0, score_maximum=1.0,
                          activity_progress="Completed", grading_progress="FullyGraded",
                          item_id=CONTENT_ITEM, label="Intervisie")
        session_completed(session, launch, secret_key, row)
        reported += 1
    return reported
