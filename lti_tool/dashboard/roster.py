"""Course members joined with what they did in the tool (progress and scores)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.model import Course
from ..http import EgressPolicy
from ..launch_context import Launch
from ..lti.nrps import Member, RosterUnavailableError, fetch_members
from ..models import LaunchSession, Learner, ModuleProgress, OutboxMessage, PlatformRegistration
from ..outbox.messages import AGS_SCORE
from ..outbox.outcome import DEAD, REJECTED
from .gradebook import Difference, GradebookCheck, check_gradebook


@dataclass
class RosterRow:
    user_id: str
    name: str | None
    learner_id: int | None = None  # the tool's learner, once they started
    progress: dict[str, ModuleProgress] = field(default_factory=dict)
    grade_problems: list[str] = field(default_factory=list)
    in_tool: bool = False
    # Where the LMS's gradebook differs from the tool (see gradebook.check_gradebook).
    differences: list[Difference] = field(default_factory=list)

    def differs(self, item_id: str) -> bool:
        return any(difference.item_id == item_id for difference in self.differences)

    def done(self) -> int:
        return sum(1 for p in self.progress.values() if p.status == "completed")


@dataclass
class Roster:
    rows: list[RosterRow]
    source: str  # "nrps" or "launches"
    notice: str | None = None
    gradebook: GradebookCheck | None = None


def build_roster(session: Session, launch: Launch, course: Course, egress: EgressPolicy, *,
                 with_gradebook: bool = False) -> Roster:
    """The course's learners with their progress; ``with_gradebook`` also reads the LMS's
    gradebook back and marks every learner whose grade there differs from the tool's."""
    registration = session.get(PlatformRegistration, launch.registration_id)
    assert registration is not None
    learners = {learner.sub: learner for learner in session.execute(
        select(Learner).where(Learner.issuer == registration.issuer,
                              Learner.organisation_id == launch.organisation_id)).scalars()}
    notice = None
    try:
        members: list[Member] = [m for m in fetch_members(session, launch, egress) if m.is_learner]
        source = "nrps"
    except RosterUnavailableError as exc:
        notice = str(exc)
        source = "launches"
        launched = _others_who_launched_here(session, launch)
        members = [Member(user_id=sub, name=learner.name, roles=(), status="Active")
                   for sub, learner in learners.items() if learner.id in launched]
    problems = _grade_problems(session, launch)
    rows = []
    for member in members:
        row = RosterRow(user_id=member.user_id, name=member.name)
        learner = learners.get(member.user_id)
        if learner is not None:
            row.in_tool = True
            row.learner_id = learner.id
            row.name = row.name or learner.name
            row.progress = _progress(session, learner.id, launch.context_id)
            row.grade_problems = problems.get(member.user_id, [])
        rows.append(row)
    rows.sort(key=lambda r: (r.name or r.user_id).lower())
    roster = Roster(rows=rows, source=source, notice=notice)
    if with_gradebook:
        in_tool = {row.user_id: learners[row.user_id] for row in rows if row.in_tool}
        roster.gradebook = check_gradebook(session, launch, [m.id for m in course.modules], in_tool,
                                           egress)
        for row in rows:
            row.differences = roster.gradebook.differences.get(row.user_id, [])
    return roster


def _others_who_launched_here(session: Session, launch: Launch) -> set[int]:
    """Learner ids with a launch in this course context, apart from the viewer."""
    return set(session.scalars(select(LaunchSession.learner_id).distinct().where(
        LaunchSession.context_id == launch.context_id,
        LaunchSession.learner_id != launch.learner_id)))


def _progress(session: Session, learner_id: int, context_id: int | None) -> dict[str, ModuleProgress]:
    query = select(ModuleProgress).where(ModuleProgress.learner_id == learner_id)
    query = query.where(ModuleProgress.context_id == context_id) if context_id is not None else \
        query.where(ModuleProgress.context_id.is_(None))
    return {p.module_id: p for p in session.execute(query).scalars()}


def _grade_problems(session: Session, launch: Launch) -> dict[str, list[str]]:
    """Per platform user id: scores the platform refused for good (e.g. 400 'user cannot be graded')."""
    problems: dict[str, list[str]] = {}
    for message in session.execute(select(OutboxMessage).where(
            OutboxMessage.registration_id == launch.registration_id,
            OutboxMessage.kind == AGS_SCORE,
            OutboxMessage.status.in_((REJECTED, DEAD)))).scalars():
        user_id = str(message.payload.get("score", {}).get("userId", ""))
        problems.setdefault(user_id, []).append(message.last_error or message.status)
    return problems
