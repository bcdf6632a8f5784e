"""Whose message failed and about what: the outbox admin's rows, named for a person.

A score's payload holds the learner's platform id (``score.userId``), the content item
(``item``) and its column (``lineitem``, or ``find_lineitem.context`` while the column
is not known yet); the message holds its registration. Three queries for the whole page,
whatever its length: the learners, the columns' courses, and those courses' titles.
An xAPI statement names its learner only when the organisation lets it (otherwise the
actor is a pseudonym) and names its module in the statement's object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select, tuple_
from sqlalchemy.orm import Session

from ..content.model import Course
from ..models import CourseContext, GradeColumn, Learner, OutboxMessage, PlatformRegistration, ResourceLink
from .messages import AGS_SCORE, XAPI_STATEMENT


@dataclass(frozen=True)
class FailedRow:
    message: OutboxMessage
    learner: str | None = None
    module: str | None = None
    course: str | None = None


def _score(message: OutboxMessage) -> dict:
    score = message.payload.get("score") if message.kind == AGS_SCORE else None
    return score if isinstance(score, dict) else {}


def _lineitem(message: OutboxMessage) -> str | None:
    lineitem = message.payload.get("lineitem") if message.kind == AGS_SCORE else None
    return lineitem if isinstance(lineitem, str) else None


def _waiting_context(message: OutboxMessage) -> int | None:
    find = message.payload.get("find_lineitem") if message.kind == AGS_SCORE else None
    context = find.get("context") if isinstance(find, dict) else None
    return context if isinstance(context, int) else None


def _learner_names(session: Session, messages: Sequence[OutboxMessage]) -> dict[tuple[int, str], str]:
    """(registration id, platform user id) -> the learner's name, or the id when no name is known."""
    wanted = {(m.registration_id, str(_score(m)["userId"])) for m in messages
              if m.registration_id is not None and _score(m).get("userId") not in (None, "")}
    if not wanted:
        return {}
    rows = session.execute(
        select(PlatformRegistration.id, Learner.sub, Learner.name)
        .join(Learner, and_(Learner.issuer == PlatformRegistration.issuer,
                            Learner.organisation_id == PlatformRegistration.organisation_id))
        .where(tuple_(PlatformRegistration.id, Learner.sub).in_(wanted)))
    names = {(registration_id, sub): name or sub for registration_id, sub, name in rows}
    return {key: names.get(key, key[1]) for key in wanted}


def _course_titles(session: Session, messages: Sequence[OutboxMessage]) -> dict[str, str]:
    """Line item URL (or ``context:<id>``) -> the title of the course it belongs to."""
    lineitems = {url for m in messages if (url := _lineitem(m))}
    context_of: dict[str, int] = {f"context:{c}": c for m in messages if (c := _waiting_context(m))}
    if lineitems:
        for url, context_id in session.execute(
                select(ResourceLink.lineitem_url, ResourceLink.context_id)
                .where(ResourceLink.lineitem_url.in_(lineitems), ResourceLink.context_id.is_not(None))
                .union(select(GradeColumn.lineitem_url, GradeColumn.context_id)
                       .where(GradeColumn.lineitem_url.in_(lineitems)))):
            if url is not None and context_id is not None:  # as the filters above ensure
                context_of.setdefault(url, context_id)
    if not context_of:
        return {}
    titles = {row.id: row.title or row.label or row.context_id for row in session.execute(
        select(CourseContext.id, CourseContext.title, CourseContext.label, CourseContext.context_id)
        .where(CourseContext.id.in_(set(context_of.values()))))}
    return {key: titles[context_id] for key, context_id in context_of.items() if context_id in titles}


def _statement_row(message: OutboxMessage) -> FailedRow:
    statement = message.payload.get("statement")
    statement = statement if isinstance(statement, dict) else {}
    actor, target = statement.get("actor"), statement.get("object")
    name = actor.get("name") if isinstance(actor, dict) else None
    definition = target.get("definition") if isinstance(target, dict) else None
    titles = definition.get("name") if isinstance(definition, dict) else None
    title = next(iter(titles.values()), None) if isinstance(titles, dict) and titles else None
    return FailedRow(message, learner=name if isinstance(name, str) else None,
                     module=title if isinstance(title, str) else None)


def describe(session: Session, messages: Sequence[OutboxMessage], course: Course) -> list[FailedRow]:
    """Every message with the learner, module and course it is about (``None`` where unknown)."""
    learners = _learner_names(session, messages)
    courses = _course_titles(session, messages)
    rows = []
    for message in messages:
        if message.kind == XAPI_STATEMENT:
            rows.append(_statement_row(message))
            continue
        if message.kind != AGS_SCORE:
            rows.append(FailedRow(message))
            continue
        item = message.payload.get("item")
        module = course.module(item) if isinstance(item, str) else None
        user_id = _score(message).get("userId")
        waiting = _waiting_context(message)
        rows.append(FailedRow(
            message,
            learner=learners.get((message.registration_id, str(user_id))) if user_id else None,  # type: ignore[arg-type]
            module=module.title if module else (item if isinstance(item, str) else None),
            course=courses.get(_lineitem(message) or "") or (
                courses.get(f"context:{waiting}") if waiting else None)))
    return rows
