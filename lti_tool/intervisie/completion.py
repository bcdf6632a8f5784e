"""Taking part counts: a finished session is reported once per member, as completion in the
gradebook (1 out of 1, through the outbox) and as one xAPI statement without any content.

When a session ends (its last step closed by a member, or by its deadline: found by the
worker's sweep or by a visit), everyone who took part is reported with the launch they took
part with (``IntervisieParticipant.launch_id``: their registration, deployment and column),
so the gradebook shows them as done without their coming back. A member whose stored launch
cannot send a score (none stored, a staff launch, no AGS) is reported the first time they
open the group or the session after it finished, with that launch. ``reported_at`` is set
by a conditional update, so two ends at once, or an end and a visit, report a member once.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..launch_context import Launch, launch_of
from ..models import LaunchSession, Learner, PlatformRegistration, ResourceLink, utcnow
from ..models.intervisie import (
    STATUS_DONE,
    IntervisieMember,
    IntervisieParticipant,
    IntervisieSession,
)
from ..outbox.messages import enqueue_ags_score
from ..settings import Settings
from .xapi_events import session_completed

CONTENT_ITEM = "intervisie"


def report_ended(session: Session, row: IntervisieSession, settings: Settings) -> int:
    """``row`` has just ended: report everyone who took part with a launch that can send a
    score; how many."""
    stored = session.execute(
        select(IntervisieParticipant.member_id, LaunchSession, Learner, PlatformRegistration,
               ResourceLink)
        .join(LaunchSession, LaunchSession.id == IntervisieParticipant.launch_id)
        .join(Learner, Learner.id == LaunchSession.learner_id)
        .join(PlatformRegistration, PlatformRegistration.id == LaunchSession.registration_id)
        .outerjoin(ResourceLink, ResourceLink.id == LaunchSession.resource_link_id)
        .where(IntervisieParticipant.session_id == row.id,
               IntervisieParticipant.reported_at.is_(None),
               Learner.organisation_id == PlatformRegistration.organisation_id)
        .order_by(IntervisieParticipant.member_id))
    reported = 0
    for member_id, launch_row, learner, registration, link in stored.all():
        launch = launch_of(launch_row, learner, registration, link)
        if launch.can_send_scores and _report(session, launch, settings, row, member_id):
            reported += 1
    return reported


def report_finished(session: Session, launch: Launch, settings: Settings, member: IntervisieMember
                    ) -> int:
    """Report every finished session ``member`` took part in and was not reported, with the
    launch they visit with; how many.

    In session order: two requests of one member (two tabs) then lock the member's rows in
    the same order, so on PostgreSQL neither waits for a row the other holds while holding
    one it wants (with the score's second, claimed per member and column, that would be a
    deadlock)."""
    pending = list(session.scalars(select(IntervisieSession).join(
        IntervisieParticipant, IntervisieParticipant.session_id == IntervisieSession.id).where(
        IntervisieParticipant.member_id == member.id, IntervisieParticipant.reported_at.is_(None),
        IntervisieSession.status == STATUS_DONE).order_by(IntervisieSession.id)))
    return sum(_report(session, launch, settings, row, member.id) for row in pending)


def _report(session: Session, launch: Launch, settings: Settings, row: IntervisieSession,
            member_id: int) -> bool:
    """Mark the member reported for ``row`` and queue their completion; ``False`` when another
    request or worker did already."""
    claimed = cast(CursorResult[Any], session.execute(
        update(IntervisieParticipant).where(IntervisieParticipant.session_id == row.id,
                                            IntervisieParticipant.member_id == member_id,
                                            IntervisieParticipant.reported_at.is_(None))
        .values(reported_at=utcnow()).execution_options(synchronize_session=False)))
    if claimed.rowcount != 1:
        return False
    enqueue_ags_score(session, launch, score_given=1.0, score_maximum=1.0,
                      activity_progress="Completed", grading_progress="FullyGraded",
                      item_id=CONTENT_ITEM, label="Intervisie")
    session_completed(session, launch, settings, row)
    return True
