"""Does the gradebook agree with the tool? Read the LMS's results back and explain
every difference the tool can explain (refused, still pending, changed in the LMS).

Reading must never make the overview slow or break it: short timeouts, the columns
read in parallel under one time budget, and any failure becomes "could not read".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..grading.columns import remember_column
from ..http import EgressPolicy, OutboundSession
from ..launch_context import Launch
from ..lti.ags import Result, fetch_results, list_lineitems
from ..lti.service_hosts import service_session, service_token
from ..lti.vocabulary import Scope
from ..models import Learner, ModuleProgress, OutboxMessage, PlatformRegistration
from ..outbox.messages import AGS_SCORE
from ..outbox.outcome import DEAD, DELIVERED, PENDING, REJECTED, SKIPPED, SUPERSEDED

log = logging.getLogger(__name__)

TIMEOUT = (2.0, 3.0)  # connect, read (seconds) for every call the overview makes
BUDGET_SECONDS = 4.0  # all columns' results together
PARALLEL = 4
SAME = 0.05  # grades closer than this (on 0-100) are equal: platforms round

# Why a learner's gradebook value differs from the tool's.
PENDING_REASON = "pending"
REFUSED = "refused"
OVERWRITTEN = "overwritten"
NOT_SENT = "not_sent"  # the course had no column for it when the score was made
NEWER_IN_LMS = "newer_in_lms"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Difference:
    item_id: str
    tool: float | None
    lms: float | None
    reason: str
    detail: str | None = None


@dataclass
class GradebookCheck:
    """``state``: ``ok``, ``unreadable`` (the LMS did not answer in time or refused) or
    ``no_access`` (this launch may not read the gradebook)."""

    state: str
    columns: dict[str, str] = field(default_factory=dict)  # content item -> line item URL
    differences: dict[str, list[Difference]] = field(default_factory=dict)  # user id -> ...

    def has_column(self, item_id: str) -> bool:
        return item_id in self.columns


def check_gradebook(session: Session, launch: Launch, item_ids: Iterable[str],
                    learners: dict[str, Learner], egress: EgressPolicy) -> GradebookCheck:
    """Compare the tool's module scores of ``learners`` (platform user id -> learner)
    with the course's gradebook columns of ``item_ids``."""
    if not launch.ags_lineitems or Scope.LINEITEM not in launch.ags_scopes \
            or Scope.RESULT_READONLY not in launch.ags_scopes or launch.context_id is None:
        return GradebookCheck("no_access")
    wanted = list(item_ids)
    try:
        columns, results = _read(session, launch, wanted, egress)
    except Exception as exc:  # noqa: BLE001 - whatever the LMS does, the overview still shows
        log.warning("gradebook not read", extra={"error": type(exc).__name__,
                                                 "registration_id": launch.registration_id})
        return GradebookCheck("unreadable")
    for item_id in wanted:
        remember_column(session, launch.context_id, item_id, columns.get(item_id))
    check = GradebookCheck("ok", columns)
    tool = _tool_scores(session, launch.context_id, [learner.id for learner in learners.values()])
    last = _last_messages(session, launch.registration_id)
    for user_id, learner in learners.items():
        for item_id, url in columns.items():
            mine = tool.get((learner.id, item_id))
            theirs = results[url].get(user_id)
            if _same(mine, theirs):
                continue
            message = last.get((user_id, item_id))
            reason, detail = _reason(message, theirs)
            check.differences.setdefault(user_id, []).append(
                Difference(item_id, mine, theirs, reason, detail))
    return check


def _read(session: Session, launch: Launch, item_ids: list[str], egress: EgressPolicy
          ) -> tuple[dict[str, str], dict[str, dict[str, float | None]]]:
    """The course's columns for ``item_ids`` and every column's results, within the budget;
    only on the registration's own hosts."""
    registration = session.get(PlatformRegistration, launch.registration_id)
    assert registration is not None
    http = service_session(registration, egress, TIMEOUT)
    token = service_token(session, launch.registration_id, [Scope.LINEITEM, Scope.RESULT_READONLY], http)
    columns: dict[str, str] = {}
    assert launch.ags_lineitems is not None
    for item in list_lineitems(http, token, launch.ags_lineitems):
        resource = item.get("resourceId")
        if resource in item_ids and item.get("id") and resource not in columns:
            columns[resource] = str(item["id"])
    pool = ThreadPoolExecutor(max_workers=PARALLEL)
    try:
        futures = {url: pool.submit(_results_of, http.policy, token, url) for url in set(columns.values())}
        done, late = wait(futures.values(), timeout=BUDGET_SECONDS)
        if late:
            raise TimeoutError(f"{len(late)} columns not read in time")
        results = {url: future.result() for url, future in futures.items()}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return columns, results


def _results_of(policy: EgressPolicy, token: str, lineitem_url: str) -> dict[str, float | None]:
    with OutboundSession(policy, TIMEOUT) as http:
        results: list[Result] = fetch_results(http, token, lineitem_url)
    return {result.user_id: result.percent for result in results}


def _tool_scores(session: Session, context_id: int, learner_ids: list[int]
                 ) -> dict[tuple[int, str], float | None]:
    """What the tool holds as each learner's grade: the score of a completed module."""
    rows = session.scalars(select(ModuleProgress).where(ModuleProgress.context_id == context_id,
                                                        ModuleProgress.learner_id.in_(learner_ids)))
    return {(row.learner_id, row.module_id): row.score_given if row.status == "completed" else None
            for row in rows}


def _last_messages(session: Session, registration_id: int) -> dict[tuple[str, str], OutboxMessage]:
    """The newest score message per platform user id and content item."""
    messages = session.scalars(select(OutboxMessage).where(
        OutboxMessage.registration_id == registration_id, OutboxMessage.kind == AGS_SCORE)
        .order_by(OutboxMessage.id))
    return {(str(m.payload.get("score", {}).get("userId")), str(m.payload.get("item"))): m
            for m in messages}


def _same(tool: float | None, lms: float | None) -> bool:
    if tool is None or lms is None:
        return tool is None and lms is None
    return abs(tool - lms) < SAME


def _reason(message: OutboxMessage | None, lms: float | None) -> tuple[str, str | None]:
    if message is None:
        return (OVERWRITTEN, None) if lms is not None else (UNKNOWN, None)
    if message.status == PENDING:
        return PENDING_REASON, message.last_error
    if message.status in (REJECTED, DEAD):
        return REFUSED, message.last_error
    if message.status == SKIPPED:
        return NOT_SENT, None
    if message.status == SUPERSEDED:
        return NEWER_IN_LMS, None
    if message.status == DELIVERED and not _same(_percent(message.payload["score"]), lms):
        return OVERWRITTEN, None
    return UNKNOWN, None


def _percent(score: dict) -> float | None:
    given, maximum = score.get("scoreGiven"), score.get("scoreMaximum")
    if given is None:
        return None
    return 100.0 * given / maximum if maximum else given
