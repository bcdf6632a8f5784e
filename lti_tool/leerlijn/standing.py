"""Where learners stand in the leerlijn: each requirement of ``completion`` in
``leerlijn.yaml``, counted from what is stored: every requirement and completion for a whole
group in one statement (a ``UNION ALL`` of grouped counts), so the course home and the
trainer's overview each pay one statement for it, for 5 learners or 50."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)
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


# The statement is built once per shape (which requirements, the modules and their pass marks,
# the zelfscan framework) and run with bound values: building the expression and its cache
# key cost more CPU than running it (issue 16).
_IDS: BindParameter[Any] = bindparam("p_ids", expanding=True)
_CONTEXT: BindParameter[Any] = bindparam("p_context_id")


def _grouped(key: str, learner, *where) -> Select:
    """``(key, learner id, count)`` per learner: one arm of the union in :func:`standings`."""
    return (select(literal(key).label("key"), learner.label("learner"), func.count().label("n"))
            .where(learner.in_(_IDS), *where).group_by(learner))


def _needed(leerlijn: Leerlijn, course: Course) -> tuple[list[tuple[str, int]], tuple]:
    """What each requirement needs, and the shape of the statement that counts them."""
    rule, needed = leerlijn.completion, []
    modules: tuple[tuple[str, int], ...] = ()
    if rule.modules:
        modules = tuple((m.id, m.pass_mark) for m in (course.module(mid) for mid in rule.modules)
                        if m is not None)
        needed.append((MODULES, len(rule.modules)))
    framework = None
    if rule.zelfscan is not None:
        framework = rule.zelfscan.framework
        needed.append((ZELFSCAN, rule.zelfscan.times))
    if rule.assignments_with_feedback:
        needed.append((ASSIGNMENTS, rule.assignments_with_feedback))
    if rule.sessions_attended:
        needed.append((SESSIONS, rule.sessions_attended))
    return needed, (tuple(key for key, _ in needed), modules, framework)


@functools.cache
def _build(keys: tuple[str, ...], modules: tuple[tuple[str, int], ...], framework: str | None
           ) -> CompoundSelect:
    arms = []
    if MODULES in keys:
        passed = [and_(ModuleProgress.module_id == module_id,
                       or_(ModuleProgress.score_given.is_(None), ModuleProgress.score_given >= pass_mark))
                  for module_id, pass_mark in modules]
        arms.append(_grouped(MODULES, ModuleProgress.learner_id, ModuleProgress.context_id == _CONTEXT,
                             ModuleProgress.status == MODULE_COMPLETED, or_(*passed)))
    if ZELFSCAN in keys:
        arms.append(_grouped(ZELFSCAN, ZelfscanScan.learner_id, ZelfscanScan.context_id == _CONTEXT,
                             ZelfscanScan.framework_id == framework,
                             ZelfscanScan.status == SCAN_COMPLETED))
    if ASSIGNMENTS in keys:
        arms.append(_grouped(ASSIGNMENTS, LeerlijnWork.learner_id, LeerlijnWork.context_id == _CONTEXT,
                             LeerlijnWork.id.in_(select(LeerlijnFeedback.work_id))))
    if SESSIONS in keys:
        arms.append(_grouped(SESSIONS, LeerlijnAttendance.learner_id, LeerlijnAttendance.session_id.in_(
            select(LeerlijnSession.id).where(LeerlijnSession.context_id == _CONTEXT,
                                             LeerlijnSession.cancelled_at.is_(None)))))
    arms.append(_grouped(COMPLETED_KEY, LeerlijnCompletion.learner_id,
                         LeerlijnCompletion.context_id == _CONTEXT))
    return union_all(*arms)


def standings(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
              learner_ids: Iterable[int]) -> dict[int, Standing]:
    """Where each learner stands, and who completed the leerlijn: one statement."""
    ids = list(dict.fromkeys(learner_ids))
    needed, shape = _needed(leerlijn, course)
    counts: dict[tuple[str, int], int] = {}
    if ids:
        rows = session.execute(_build(*shape), {"p_ids": ids, "p_context_id": context_id})
        counts = {(key, learner): n for key, learner, n in rows}
    return {learner_id: Standing(tuple(
        Requirement(key, min(counts.get((key, learner_id), 0), need), need)
        for key, need in needed), counts.get((COMPLETED_KEY, learner_id), 0) > 0)
        for learner_id in ids}


def requirement_keys(leerlijn: Leerlijn) -> tuple[str, ...]:
    rule = leerlijn.completion
    return tuple(key for key, on in ((MODULES, bool(rule.modules)), (ZELFSCAN, rule.zelfscan is not None),
                                     (ASSIGNMENTS, bool(rule.assignments_with_feedback)),
                                     (SESSIONS, bool(rule.sessions_attended))) if on)


def standing(session: Session, leerlijn: Leerlijn, course: Course, context_id: int,
             learner_id: int) -> Standing:
    return standings(session, leerlijn, course, context_id, [learner_id])[learner_id]
