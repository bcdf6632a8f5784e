"""Where learners stand in the leerlijn: each requirement of ``completion`` in
``leerlijn.yaml``, counted from what is stored. One query per requirement for a whole
group, so the trainer's overview costs the same for 5 or 50 learners."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..content.model import Course
from ..learning.progress import COMPLETED as MODULE_COMPLETED
from ..marker import N_
from ..models import ModuleProgress
from ..models.leerlijn import LeerlijnAttendance, LeerlijnFeedback, LeerlijnSession, LeerlijnWork
from ..models.zelfscan import COMPLETED as SCAN_COMPLETED
from ..models.zelfscan import ZelfscanScan
from .content import Leerlijn

MODULES, ZELFSCAN, ASSIGNMENTS, SESSIONS = "modules", "zelfscan", "assignments", "sessions"
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

    @property
    def complete(self) -> bool:
        return bool(self.requirements) and all(r.met for r in self.requirements)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.requirements if r.met)


def _modules_passed(session: Session, course: Course, context_id: int, learner_ids: list[int],
                    module_ids: list[str]) -> Counter[int]:
    rows = session.execute(select(ModuleProgress.learner_id, ModuleProgress.module_id,
                                  ModuleProgress.score_given).where(
        ModuleProgress.context_id == context_id, ModuleProgress.learner_id.in_(learner_ids),
        ModuleProgress.module_id.in_(module_ids), ModuleProgress.status == MODULE_COMPLETED))
    counts: Counter[int] = Counter()
    for learner_id, module_id, score in rows:
        module = course.module(module_id)
        if module is not None and (score is None or score >= module.pass_mark):
            counts[learner_id] += 1
    return counts


def _count(session: Session, query) -> Counter[int]:
    return Counter({learner_id: count for learner_id, count in session.execute(query)})


def standings(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
              learner_ids: Iterable[int]) -> dict[int, Standing]:
    ids = list(dict.fromkeys(learner_ids))
    rule = leerlijn.completion
    found: dict[str, tuple[Counter[int], int]] = {}
    if rule.modules:
        found[MODULES] = (_modules_passed(session, course, context_id, ids, rule.modules),
                          len(rule.modules))
    if rule.zelfscan is not None and ids:
        found[ZELFSCAN] = (_count(session, select(ZelfscanScan.learner_id, func.count()).where(
            ZelfscanScan.context_id == context_id, ZelfscanScan.learner_id.in_(ids),
            ZelfscanScan.framework_id == rule.zelfscan.framework,
            ZelfscanScan.status == SCAN_COMPLETED).group_by(ZelfscanScan.learner_id)),
            rule.zelfscan.times)
    if rule.assignments_with_feedback and ids:
        found[ASSIGNMENTS] = (_count(session, select(LeerlijnWork.learner_id, func.count()).join(
            LeerlijnFeedback, LeerlijnFeedback.work_id == LeerlijnWork.id).where(
            LeerlijnWork.context_id == context_id, LeerlijnWork.learner_id.in_(ids))
            .group_by(LeerlijnWork.learner_id)), rule.assignments_with_feedback)
    if rule.sessions_attended and ids:
        found[SESSIONS] = (_count(session, select(LeerlijnAttendance.learner_id, func.count()).join(
            LeerlijnSession).where(LeerlijnSession.context_id == context_id,
                                   LeerlijnSession.cancelled_at.is_(None),
                                   LeerlijnAttendance.learner_id.in_(ids))
            .group_by(LeerlijnAttendance.learner_id)), rule.sessions_attended)
    return {learner_id: Standing(tuple(
        Requirement(key, min(counts.get(learner_id, 0), needed), needed)
        for key, (counts, needed) in found.items())) for learner_id in ids}


def standing(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
             learner_id: int) -> Standing:
    return standings(session, leerlijn, course, context_id, [learner_id])[learner_id]
