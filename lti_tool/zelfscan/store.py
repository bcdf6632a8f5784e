"""Reading and writing a learner's own scans, path and consent. No Flask here.

Everything is scoped to the launch's learner and course context: a learner only ever
reaches their own rows. The caller commits.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Select, bindparam, select, update
from sqlalchemy.orm import Session

from ..content.zelfscan_model import Framework
from ..db import upsert_insert
from ..launch_context import Launch
from ..models import OutboxMessage, as_utc, utcnow
from ..models.zelfscan import (
    COMPLETED,
    OPEN,
    ZelfscanAnswer,
    ZelfscanConsent,
    ZelfscanPath,
    ZelfscanScan,
)
from ..outbox.messages import enqueue_ags_score
from . import path as paths
from .scoring import AreaScore, area_scores, means

UNKNOWN = "weet-niet"  # the form value of "weet ik niet"
CONTENT_ITEM_PREFIX = "zelfscan:"


def _context(column: Any, context_id: int | None) -> Any:
    return column.is_(None) if context_id is None else column == context_id


def _own(launch: Launch, framework_id: str) -> tuple[Any, ...]:
    return (ZelfscanScan.learner_id == launch.learner_id,
            _context(ZelfscanScan.context_id, launch.context_id),
            ZelfscanScan.framework_id == framework_id)


# ---- scans -----------------------------------------------------------------------------------

def open_scan(session: Session, launch: Launch, framework_id: str) -> ZelfscanScan | None:
    return session.scalar(select(ZelfscanScan).where(*_own(launch, framework_id),
                                                     ZelfscanScan.status == OPEN)
                          .order_by(ZelfscanScan.id.desc()).limit(1))


def completed_scans(session: Session, launch: Launch, framework_id: str) -> list[ZelfscanScan]:
    """The learner's finished scans, oldest first."""
    return list(session.scalars(select(ZelfscanScan).where(
        *_own(launch, framework_id), ZelfscanScan.status == COMPLETED).order_by(ZelfscanScan.id)))


@functools.cache
def _scans_statement(without_context: bool) -> Select[ZelfscanScan]:
    """``scans_by_framework``'s query, built once per shape and run with bound values (the
    course page asks it on every request; issue 16)."""
    context = (ZelfscanScan.context_id.is_(None) if without_context
               else ZelfscanScan.context_id == bindparam("p_context_id"))
    return (select(ZelfscanScan).where(ZelfscanScan.learner_id == bindparam("p_learner_id"), context)
            .order_by(ZelfscanScan.id))


def scans_by_framework(session: Session, launch: Launch) -> dict[str, list[ZelfscanScan]]:
    """All the learner's scans in this course context, per framework, oldest first: one
    query where a page showing every framework would otherwise ask twice per framework."""
    rows = session.scalars(_scans_statement(launch.context_id is None),
                           {"p_learner_id": launch.learner_id, "p_context_id": launch.context_id})
    result: dict[str, list[ZelfscanScan]] = {}
    for row in rows:
        result.setdefault(row.framework_id, []).append(row)
    return result


def own_scan(session: Session, launch: Launch, framework_id: str, scan_id: int) -> ZelfscanScan | None:
    return session.scalar(select(ZelfscanScan).where(*_own(launch, framework_id),
                                                     ZelfscanScan.id == scan_id))


def next_scan_from(framework: Framework, done: Sequence[ZelfscanScan]) -> datetime | None:
    """When the learner may start a new scan; ``None`` means now."""
    if not done or framework.zelfscan_min_days <= 0:
        return None
    last = as_utc(done[-1].completed_at)
    if last is None:
        return None
    allowed = last + timedelta(days=framework.zelfscan_min_days)
    return allowed if allowed > utcnow() else None


def start_scan(session: Session, launch: Launch, framework: Framework) -> ZelfscanScan | None:
    """The open scan, or a new one; ``None`` while the minimum interval has not passed.

    A unique index allows one open scan per learner, context and framework: of
    parallel starts one inserts, the others insert nothing and find that scan.
    """
    current = open_scan(session, launch, framework.id)
    if current is not None:
        return current
    if next_scan_from(framework, completed_scans(session, launch, framework.id)) is not None:
        return None
    session.execute(upsert_insert(session, ZelfscanScan).values(
        learner_id=launch.learner_id, organisation_id=launch.organisation_id,
        context_id=launch.context_id, framework_id=framework.id, status=OPEN, position=0,
        by_staff=launch.is_instructor).on_conflict_do_nothing())
    return open_scan(session, launch, framework.id)


def parse_value(raw: str | None) -> tuple[bool, int | None]:
    """A form value -> (is an answer, value): '1'..'5', 'weet-niet' (None) or nothing."""
    if raw == UNKNOWN:
        return True, None
    if raw in {"1", "2", "3", "4", "5"}:
        return True, int(raw)
    return False, None


def save_answers(session: Session, scan: ZelfscanScan, framework: Framework,
                 values: Mapping[str, str]) -> int:
    """Store the given answers (statement id -> form value) in an open scan; returns how many."""
    if scan.status != OPEN:
        return 0
    known = framework.statement_ids
    now = utcnow()
    saved = 0
    for statement_id, raw in values.items():
        is_answer, value = parse_value(raw)
        if statement_id not in known or not is_answer:
            continue
        # One row per statement: a parallel save of the same statement updates, never adds.
        session.execute(upsert_insert(session, ZelfscanAnswer).values(
            scan_id=scan.id, statement_id=statement_id, value=value, updated_at=now,
        ).on_conflict_do_update(index_elements=["scan_id", "statement_id"],
                                set_={"value": value, "updated_at": now}))
        saved += 1
    session.expire(scan, ["answers"])
    scan.updated_at = now
    return saved


@dataclass
class Finished:
    scan: ZelfscanScan
    scores: list[AreaScore]
    messages: list[OutboxMessage] = field(default_factory=list)


def finish(session: Session, launch: Launch, framework: Framework, scan: ZelfscanScan,
           course_module_ids: Sequence[str]) -> Finished | None:
    """Close the scan, store its scores, renew the learning path and report completion.

    ``None`` when the scan was closed already (a double click): nothing is sent twice.

    The zelfscan's own gradebook column gets Completed/FullyGraded with 1 out of 1,
    through the outbox in this transaction, when the course has one (whichever activity
    the learner came in through): a self-assessment is not judged, finishing it is
    what counts.
    """
    scores = area_scores(framework, scan.answer_values)
    closed = cast(CursorResult[Any], session.execute(
        update(ZelfscanScan).where(ZelfscanScan.id == scan.id, ZelfscanScan.status == OPEN)
        .values(status=COMPLETED, completed_at=utcnow(), area_scores=means(scores))
        .execution_options(synchronize_session=False)))
    session.refresh(scan)
    if closed.rowcount != 1:
        return None  # a parallel request finished it and reported it
    result = Finished(scan, scores)
    renew_path(session, launch, framework, scan, course_module_ids)
    message = enqueue_ags_score(session, launch, score_given=1.0, score_maximum=1.0,
                                activity_progress="Completed", grading_progress="FullyGraded",
                                item_id=CONTENT_ITEM_PREFIX + framework.id, label=framework.title)
    if message is not None:
        result.messages.append(message)
    from .xapi_events import scan_completed

    result.messages.extend(scan_completed(session, launch, framework, scan, scores))
    return result


# ---- the learning path --------------------------------------------------------------------------

def get_path(session: Session, launch: Launch, framework_id: str, *,
             for_change: bool = False) -> ZelfscanPath | None:
    """The learner's path; ``for_change`` locks the row (PostgreSQL) so that two changes
    from two tabs apply one after the other instead of the second undoing the first."""
    query = select(ZelfscanPath).where(
        ZelfscanPath.learner_id == launch.learner_id,
        _context(ZelfscanPath.context_id, launch.context_id),
        ZelfscanPath.framework_id == framework_id)
    return session.scalar(query.with_for_update() if for_change else query)


def recommended_ids(framework: Framework, scan: ZelfscanScan | None,
                    course_module_ids: Sequence[str]) -> list[str]:
    if scan is None or scan.area_scores is None:
        return []
    return [item.module_id for item in paths.recommend(framework, scan.area_scores, course_module_ids)]


def renew_path(session: Session, launch: Launch, framework: Framework, scan: ZelfscanScan,
               course_module_ids: Sequence[str]) -> ZelfscanPath:
    """After a finished scan: the new advice, keeping what the learner dropped and added."""
    row = get_path(session, launch, framework.id)
    advice = recommended_ids(framework, scan, course_module_ids)
    if row is None:
        row = ZelfscanPath(learner_id=launch.learner_id, context_id=launch.context_id,
                           framework_id=framework.id, scan_id=scan.id, module_ids=advice, dropped=[])
        session.add(row)
        return row
    previous_scan = session.get(ZelfscanScan, row.scan_id) if row.scan_id else None
    previous = recommended_ids(framework, previous_scan, course_module_ids)
    row.module_ids = paths.rebase(advice, row.module_ids or [], previous, row.dropped or [])
    row.scan_id = scan.id
    return row


def changed_path(row: ZelfscanPath, action: str, module_id: str,
                 course_module_ids: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """One learner action (up, down, drop, add) on the path: the new path and dropped
    modules, or ``None`` when the action or module is unknown."""
    if module_id not in course_module_ids:
        return None
    current, dropped = list(row.module_ids or []), list(row.dropped or [])
    if action in ("up", "down"):
        return paths.move(current, module_id, -1 if action == "up" else 1), dropped
    if action == "drop":
        return paths.drop(current, dropped, module_id)
    if action == "add":
        return paths.add(current, dropped, module_id)
    return None


def save_path(session: Session, row: ZelfscanPath, module_ids: list[str], dropped: list[str]) -> bool:
    """Write the path only if nobody changed it since ``row`` was read: ``False`` means read
    again and redo. Two changes from two tabs then both count, on SQLite too (where a
    row lock does not exist) and on PostgreSQL."""
    result = cast(CursorResult, session.execute(
        update(ZelfscanPath)
        .where(ZelfscanPath.id == row.id, ZelfscanPath.updated_at == row.updated_at)
        .values(module_ids=module_ids, dropped=dropped, updated_at=utcnow())
        .execution_options(synchronize_session=False)))
    return result.rowcount == 1


# ---- sharing ------------------------------------------------------------------------------------

def get_consent(session: Session, launch: Launch, framework_id: str) -> ZelfscanConsent | None:
    return session.scalar(select(ZelfscanConsent).where(
        ZelfscanConsent.learner_id == launch.learner_id,
        _context(ZelfscanConsent.context_id, launch.context_id),
        ZelfscanConsent.framework_id == framework_id))


def is_shared(session: Session, launch: Launch, framework_id: str) -> bool:
    row = get_consent(session, launch, framework_id)
    return bool(row and row.shared)


def set_shared(session: Session, launch: Launch, framework_id: str, shared: bool) -> ZelfscanConsent:
    row = get_consent(session, launch, framework_id)
    if row is None:
        session.execute(upsert_insert(session, ZelfscanConsent).values(
            learner_id=launch.learner_id, context_id=launch.context_id,
            framework_id=framework_id, shared=shared).on_conflict_do_nothing())
        row = get_consent(session, launch, framework_id)
        assert row is not None
    row.shared = shared
    return row
