"""Which gradebook column a content item's score goes to, in the launch's course.

* The launch's own content item: the launch's own line item (or the column the tool
  finds or creates for its resource link when the platform gave none).
* Any other content item (the learner went on inside the tool): the course's column
  whose ``resourceId`` is that item, found through the AGS line-items service with a
  ``resource_id`` filter and remembered in ``grade_columns``. No such column: nothing
  is sent, never another item's column.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import GradeColumn, LaunchSession, as_utc, utcnow

# "This course has no column for it" is asked again after this long (a teacher may
# have placed the module since).
RECHECK_MISSING = timedelta(minutes=10)

UNKNOWN = "unknown"
FOUND = "found"
MISSING = "missing"


@dataclass(frozen=True)
class ColumnState:
    state: str  # unknown, found or missing
    lineitem_url: str | None = None


def known_column(session: Session, context_id: int | None, resource_id: str) -> ColumnState:
    """What the tool knows about ``resource_id``'s column in the course (no network)."""
    if context_id is None:
        return ColumnState(MISSING)
    row = session.scalar(select(GradeColumn).where(GradeColumn.context_id == context_id,
                                                   GradeColumn.resource_id == resource_id))
    if row is None:
        return ColumnState(UNKNOWN)
    if row.lineitem_url:
        return ColumnState(FOUND, row.lineitem_url)
    checked = as_utc(row.checked_at)
    if checked is None or utcnow() - checked > RECHECK_MISSING:
        return ColumnState(UNKNOWN)
    return ColumnState(MISSING)


def remember_column(session: Session, context_id: int, resource_id: str, lineitem_url: str | None,
                    *, keep_found: bool = False) -> None:
    """Record what the LMS said; concurrent writers never collide (insert or update).

    ``keep_found`` keeps a column already known (a module placed twice keeps the
    first column the tool met).
    """
    values = {"context_id": context_id, "resource_id": resource_id,
              "lineitem_url": lineitem_url, "checked_at": utcnow()}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(GradeColumn).values(**values)
    update: dict[str, Any] = {"lineitem_url": statement.excluded.lineitem_url,
                              "checked_at": statement.excluded.checked_at}
    where = GradeColumn.lineitem_url.is_(None) if keep_found else None
    session.execute(statement.on_conflict_do_update(
        index_elements=["context_id", "resource_id"], set_=update, where=where))


def remember_column_apart(session: Session, context_id: int, resource_id: str,
                          lineitem_url: str | None, *, keep_found: bool = False) -> None:
    """:func:`remember_column` in a short transaction of its own: the worker calls it
    between two requests to the LMS, and must hold no write lock while it waits (SQLite)."""
    with Session(session.get_bind()) as own:
        remember_column(own, context_id, resource_id, lineitem_url, keep_found=keep_found)
        own.commit()


_REMEMBERED = "grading.columns.remembered"


@contextmanager
def remembered_already(session: Session, context_id: int | None, item_id: str,
                       lineitem: str) -> Iterator[None]:
    """Within the block, :func:`route` takes ``lineitem`` as remembered for ``item_id`` in
    the course and does not upsert it again. For a caller that knows it from committed
    state: the learner's progress row, locked, recorded it with an earlier score."""
    key = (context_id, item_id, lineitem)
    known: set = session.info.setdefault(_REMEMBERED, set())
    known.add(key)
    try:
        yield
    finally:
        known.discard(key)


def own_lineitem(session: Session, launch: Launch) -> str | None:
    """The launch's own column: the one its AGS claim names, else its link's."""
    if launch.ags_lineitem:
        return launch.ags_lineitem
    row = session.get(LaunchSession, launch.session_id)
    link = row.resource_link if row is not None else None
    return link.lineitem_url if link is not None else None


@dataclass(frozen=True)
class Route:
    """Where a score goes: a known ``lineitem``, or ``find`` instructions for the worker."""

    lineitem: str | None
    find: dict[str, Any] | None = None


def route(session: Session, launch: Launch, item_id: str | None, label: str) -> Route | None:
    """The column for ``item_id``'s score in this launch (``None``: the launch's own
    content item), or ``None`` when nothing may be sent."""
    if not launch.can_send_scores:
        return None
    if item_id is None or item_id == launch.content_item_id:
        return _own_route(session, launch, launch.content_item_id, label)
    if launch.context_id is None or not launch.can_manage_lineitems:
        return None
    known = known_column(session, launch.context_id, item_id)
    if known.state == FOUND:
        return Route(known.lineitem_url)
    if known.state == MISSING:
        return None
    return Route(None, {"lineitems": launch.ags_lineitems, "resource_id": item_id,
                        "label": label, "context": launch.context_id, "create": False})


def _own_route(session: Session, launch: Launch, item_id: str | None, label: str) -> Route | None:
    """The launch's own column. A launch without a content item (the whole course) has
    none of its own: the tool never creates one for it."""
    row = session.get(LaunchSession, launch.session_id)
    link = row.resource_link if row is not None else None
    lineitem = launch.ags_lineitem or (link.lineitem_url if link else None)
    if lineitem:
        if (launch.context_id is not None and item_id
                and (launch.context_id, item_id, lineitem) not in session.info.get(_REMEMBERED, ())):
            remember_column(session, launch.context_id, item_id, lineitem, keep_found=True)
        return Route(lineitem)
    if not launch.can_manage_lineitems or not item_id:
        return None
    # No column yet: the worker finds or creates the placement's own (see lti.ags).
    return Route(None, {"lineitems": launch.ags_lineitems,
                        "resource_link": link.id if link else None,
                        "resource_link_id": link.resource_link_id if link else None,
                        "resource_id": item_id, "label": (link.title if link else None) or label,
                        "context": launch.context_id, "create": True})


def has_no_column(session: Session, launch: Launch, item_id: str) -> bool | None:
    """For the learner's notice: ``True`` when this score reaches no column in the LMS,
    ``False`` when it does, ``None`` while the tool has not asked the LMS yet."""
    if item_id == launch.content_item_id:
        return False
    state = known_column(session, launch.context_id, item_id).state
    if state == UNKNOWN:
        return None if launch.can_manage_lineitems else True
    return state == MISSING
