"""Where learners stand in the leerlijn: each requirement of ``completion`` in
``leerlijn.yaml``, counted from what is stored: every requirement and completion for a whole
group in one statement (a ``UNION ALL`` of grouped counts), so the course home and the
trainer's overview each pay one statement for it, for 5 learners or 50."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..content.model import Course
from ..learning.progress import COMPLETED as MODULE_COMPLETED
from ..marker import N_
from ..models import ModuleProgress
from ..models.leerlijn import (
    LeerlijnAttendance,
    LeerlijnCompletion,
    LeerlijnFeedback,
    LeerlijnSession,
    LeerlijnWork,
)
from ..models.zelfscan import COMPLETED as SCAN_COMPLETED
from ..models.zelfscan import ZelfscanScan
from .content import Leerlijn

MODULES, ZELFSCAN, ASSIGNMENTS, SESSIONS = "modules", "zelfscan", "assignments", "sessions"
COMPLETED_KEY = "completed"
LABELS = {
    MODULES: N_("Modules gehaald"),
    ZELFSCAN: N_("Zelfscan gedaan en later opnieuw gedaan"),
    ASSIGNMENTS: N_("Praktijkopdrachten met feedback"),
    SESSIONS: N_("Bijeenkomsten bijgewoond"),
}


@dataclass(frozen=True)
class Requirement:
    key: str
    done: int
    needed: int

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def label(self) -> str:
        return LABELS[self.key]


@dataclass(frozen=True)
class Standing:
    requirements: tuple[Requirement, ...]
    completed: bool = False  # recorded as completed (see ``completion``)

    @property
    def complete(self) -> bool:
        return bool(self.requirements) and all(r.met for r in self.requirements)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.requirements if r.met)


def _grouped(key: str, learner, ids: list[int], *where) -> Select:
    """``(key, learner id, count)`` per learner: one arm of the union in :func:`standings`."""
    return (select(literal(key).label("key"), learner.label("learner"), func.count().label("n"))
            .where(learner.in_(ids), *where).group_by(learner))


def _arms(leerlijn: Leerlijn, course: Course, context_id: int, ids: list[int]
          ) -> list[tuple[str, int, Select]]:
    rule, arms = leerlijn.completion, []
    if rule.modules:
        passed = [and_(ModuleProgress.module_id == m.id,
                       or_(ModuleProgress.score_given.is_(None), ModuleProgress.score_given >= m.pass_mark))
                  for m in (course.module(mid) for mid in rule.modules) if m is not None]
        arms.append((MODULES, len(rule.modules), _grouped(
            MODULES, ModuleProgress.learner_id, ids, ModuleProgress.context_id == context_id,
            ModuleProgress.status == MODULE_COMPLETED, or_(*passed))))
    if rule.zelfscan is not None:
        arms.append((ZELFSCAN, rule.zelfscan.times, _grouped(
            ZELFSCAN, ZelfscanScan.learner_id, ids, ZelfscanScan.context_id == context_id,
            ZelfscanScan.framework_id == rule.zelfscan.framework, ZelfscanScan.status == SCAN_COMPLETED)))
    if rule.assignments_with_feedback:
        arms.append((ASSIGNMENTS, rule.assignments_with_feedback, _grouped(
            ASSIGNMENTS, LeerlijnWork.learner_id, ids, LeerlijnWork.context_id == context_id,
            LeerlijnWork.id.in_(select(LeerlijnFeedback.work_id)))))
    if rule.sessions_attended:
        arms.append((SESSIONS, rule.sessions_attended, _grouped(
            SESSIONS, LeerlijnAttendance.learner_id, ids, LeerlijnAttendance.session_id.in_(
                select(LeerlijnSession.id).where(LeerlijnSession.context_id == context_id,
                                                 LeerlijnSession.cancelled_at.is_(None))))))
    return arms


def standings(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
              learner_ids: Iterable[int]) -> dict[int, Standing]:
    """Where each learner stands, and who completed the leerlijn: one statement."""
    ids = list(dict.fromkeys(learner_ids))
    arms = _arms(leerlijn, course, context_id, ids)
    union = [query for _, _, query in arms] + [_grouped(
        COMPLETED_KEY, LeerlijnCompletion.learner_id, ids, LeerlijnCompletion.context_id == context_id)]
    counts: dict[tuple[str, int], int] = {}
    if ids:
        counts = {(key, learner): n for key, learner, n in session.execute(union_all(*union))}
    return {learner_id: Standing(tuple(
        Requirement(key, min(counts.get((key, learner_id), 0), needed), needed)
        for key, needed, _ in arms), counts.get((COMPLETED_KEY, learner_id), 0) > 0)
        for learner_id in ids}


def requirement_keys(leerlijn: Leerlijn) -> tuple[str, ...]:
    rule = leerlijn.completion
    return tuple(key for key, on in ((MODULES, bool(rule.modules)), (ZELFSCAN, rule.zelfscan is not None),
                                     (ASSIGNMENTS, bool(rule.assignments_with_feedback)),
                                     (SESSIONS, bool(rule.sessions_attended))) if on)


def standing(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
             learner_id: int) -> Standing:
    return standings(session, leerlijn, course, context_id, [learner_id])[learner_id]
