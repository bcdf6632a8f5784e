"""Writing outbox messages. Nothing here does network I/O: it only adds rows to the
caller's session, so the message commits or rolls back together with the event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import LaunchSession, Learner, OutboxMessage, utcnow

AGS_SCORE = "ags_score"


def enqueue(session: Session, *, kind: str, target: str, payload: dict,
            registration_id: int | None = None, organisation_id: int | None = None) -> OutboxMessage:
    message = OutboxMessage(kind=kind, target=target, payload=payload,
                            registration_id=registration_id, organisation_id=organisation_id,
                            status="pending", next_attempt_at=utcnow())
    session.add(message)
    return message


def enqueue_ags_score(session: Session, launch: Launch, *, score_given: float | None,
                      score_maximum: float, activity_progress: str, grading_progress: str,
                      comment: str | None = None, timestamp: datetime | None = None
                      ) -> OutboxMessage | None:
    """Queue a score for the launch's line item; ``None`` when the platform gave no AGS.

    The timestamp is fixed now, when the event happens, so a retried delivery
    keeps its place in the order the platform expects.
    """
    if not launch.can_send_scores:
        return None
    learner = session.get(Learner, launch.learner_id)
    row = session.get(LaunchSession, launch.session_id)
    assert learner is not None and row is not None
    score: dict = {
        "userId": learner.sub,
        "scoreMaximum": score_maximum,
        "activityProgress": activity_progress,
        "gradingProgress": grading_progress,
        "timestamp": (timestamp or utcnow()).isoformat(timespec="milliseconds"),
    }
    if score_given is not None:
        score["scoreGiven"] = score_given
    if comment:
        score["comment"] = comment
    payload = {"lineitem": launch.ags_lineitem, "score": score}
    return enqueue(session, kind=AGS_SCORE, target=f"ags:{launch.registration_id}", payload=payload,
                   registration_id=launch.registration_id, organisation_id=launch.organisation_id)
