"""What the LRS learns about the leerlijn: a bijeenkomst attended, a praktijkopdracht handed in,
feedback received on it, the leerlijn completed. Never what anyone wrote (no reflection, no
feedback text), and never who gave the feedback."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models.leerlijn import LeerlijnSession
from ..xapi import emit_built
from ..xapi import vocabulary as v
from ..xapi.origin import Origin
from ..xapi.statements import activity, course_activity, statement

SEGMENT = "_leerlijn"  # cannot clash with a module slug


def _iri(origin: Origin, *ids: str) -> str:
    return v.activity_iri(origin.base_url, origin.course.id, SEGMENT, *ids)


def session_attended(session: Session, launch: Launch, item: LeerlijnSession) -> None:
    emit_built(session, launch, lambda o: statement(
        o, v.ATTENDED, activity(_iri(o, "bijeenkomst", str(item.id)), v.ActivityType.MEETING, item.title)))


def _assignment(origin: Origin, assignment_id: str, title: str) -> dict:
    return activity(_iri(origin, "praktijkopdracht", assignment_id), v.ActivityType.ASSIGNMENT, title)


def assignment_submitted(session: Session, launch: Launch, assignment_id: str, title: str) -> None:
    emit_built(session, launch, lambda o: statement(
        o, v.SUBMITTED, _assignment(o, assignment_id, title), result={"completion": True}))


def feedback_received(session: Session, launch: Launch, assignment_id: str, title: str) -> None:
    emit_built(session, launch, lambda o: statement(o, v.RECEIVED, _assignment(o, assignment_id, title)))


def leerlijn_completed(session: Session, launch: Launch) -> None:
    emit_built(session, launch, lambda o: statement(
        o, v.COMPLETED, activity(_iri(o), v.ActivityType.COURSE, None),
        result={"completion": True}, parents=[course_activity(o)]))
