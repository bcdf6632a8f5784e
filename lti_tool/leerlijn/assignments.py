"""Praktijkopdrachten: the werkbegeleider's work, the feedback link for the praktijkopleider
or teamleider, and the feedback.

The link reuses the invitation links of :mod:`lti_tool.invite_links` (signed token, only a
hash of the secret stored, expiry, revocation). A new link revokes the older ones. The
feedback is one row per praktijkopdracht (insert or ignore): a double submit stores it once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..invite_links import EXPIRED, REVOKED, VALID, InviteLinks, link_state, secret_matches
from ..launch_context import Launch
from ..marker import N_
from ..models import utcnow
from ..models.leerlijn import LeerlijnFeedback, LeerlijnFeedbackInvite, LeerlijnWork
from ..models.upsert import upsert
from .content import Assignment

LINKS = InviteLinks(salt="leerlijn-feedback")
LINK_DAYS = 14
TEXT_MAX = 4000
ANSWER_MAX = 1500
ROLES = ("praktijkopleider", "teamleider")
ROLE_LABELS = {"praktijkopleider": N_("praktijkopleider"), "teamleider": N_("teamleider")}


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def works(session: Session, launch: Launch) -> dict[str, LeerlijnWork]:
    rows = session.scalars(select(LeerlijnWork).where(
        LeerlijnWork.learner_id == launch.learner_id, LeerlijnWork.context_id == launch.context_id))
    return {row.assignment_id: row for row in rows}


def get_work(session: Session, launch: Launch, assignment_id: str) -> LeerlijnWork | None:
    return works(session, launch).get(assignment_id)


def save_work(session: Session, launch: Launch, assignment: Assignment, what_i_did: str,
              reflection: str, *, submit: bool) -> tuple[LeerlijnWork, bool]:
    """Store the work (one row per learner, course and praktijkopdracht); ``True`` when this
    call handed it in. Handed-in work keeps its texts: the feedback is about them."""
    existing = get_work(session, launch, assignment.id)
    if existing is not None and existing.submitted_at is not None:
        return existing, False
    work = upsert(session, LeerlijnWork, {
        "organisation_id": launch.organisation_id, "learner_id": launch.learner_id,
        "context_id": launch.context_id, "assignment_id": assignment.id,
        "what_i_did": what_i_did[:TEXT_MAX], "reflection": reflection[:TEXT_MAX],
        "created_at": utcnow()},
        ["learner_id", "context_id", "assignment_id"], replace=["what_i_did", "reflection"])
    if not submit:
        return work, False
    handed_in = session.scalar(
        update(LeerlijnWork).where(LeerlijnWork.id == work.id, LeerlijnWork.submitted_at.is_(None))
        .values(submitted_at=utcnow()).returning(LeerlijnWork.id)
        .execution_options(synchronize_session=False))
    session.refresh(work)
    return work, handed_in is not None


def active_invite(work: LeerlijnWork) -> LeerlijnFeedbackInvite | None:
    return next((i for i in reversed(work.invites) if link_state(i.revoked_at, i.expires_at) == VALID), None)


def revoke_invites(work: LeerlijnWork) -> None:
    now = utcnow()
    for invite in work.invites:
        if invite.revoked_at is None:
            invite.revoked_at = now


def create_invite(session: Session, work: LeerlijnWork, secret_key: str) -> str:
    """A new feedback link (older ones stop working); returns its token, shown once."""
    revoke_invites(work)
    secret, hashed = LINKS.new_secret()
    invite = LeerlijnFeedbackInvite(work=work, secret_hash=hashed,
                                    expires_at=utcnow() + timedelta(days=LINK_DAYS))
    session.add(invite)
    session.flush()
    return LINKS.token(secret_key, invite.id, secret)


def resolve_invite(session: Session, token: str, secret_key: str) -> LeerlijnFeedbackInvite:
    """The valid invite behind ``token``, or a readable error (404 unknown, 410 ended)."""
    parsed = LINKS.parse(secret_key, token)
    invite = session.get(LeerlijnFeedbackInvite, parsed[0]) if parsed else None
    if invite is None or parsed is None or not secret_matches(invite.secret_hash, parsed[1]):
        raise ProblemError(404, N_("Deze link werkt niet"),
                           N_("Controleer of je de hele link hebt overgenomen, of vraag om een nieuwe link."),
                           check="leerlijn_feedback_link")
    state = link_state(invite.revoked_at, invite.expires_at)
    if state == REVOKED:
        raise ProblemError(410, N_("Deze link is ingetrokken"), N_("Vraag om een nieuwe link."),
                           check="leerlijn_feedback_revoked")
    if state == EXPIRED:
        raise ProblemError(410, N_("Deze link is verlopen"), N_("Vraag om een nieuwe link."),
                           check="leerlijn_feedback_expired")
    return invite


def save_feedback(session: Session, work: LeerlijnWork, role: str, answers: dict[str, str]) -> bool:
    """Store the feedback once; ``True`` when this call stored it."""
    stored = session.scalar(_insert(session)(LeerlijnFeedback).values(
        work_id=work.id, role=role if role in ROLES else ROLES[0],
        answers={k: v[:ANSWER_MAX] for k, v in answers.items()}, received_at=utcnow())
        .on_conflict_do_nothing(index_elements=["work_id"]).returning(LeerlijnFeedback.id))
    return stored is not None
