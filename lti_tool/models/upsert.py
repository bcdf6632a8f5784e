"""One-statement upserts (``INSERT .. ON CONFLICT .. DO UPDATE .. RETURNING``) on
PostgreSQL and SQLite, so that parallel first requests for the same row never collide."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

T = TypeVar("T")
_INSERTS: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(session: Session, model: type[T], values: Mapping[str, Any], conflict: Iterable[str],
           *, refresh: Iterable[str] = (), replace: Iterable[str] = ()) -> T:
    """Insert ``values`` or update the row that has the same ``conflict`` columns; return it.

    On a conflict, ``refresh`` columns take the new value when it is not null (a launch
    without a title keeps the title already known) and ``replace`` columns always take it.
    The returned object is in ``session`` with the values the database holds now.
    """
    dialect = session.get_bind().dialect.name
    statement = _INSERTS[dialect](model).values(**values)
    table = model.__table__  # type: ignore[attr-defined]
    changes: dict[str, ColumnElement[Any]] = {
        name: func.coalesce(statement.excluded[name], table.c[name]) for name in refresh}
    changes.update({name: statement.excluded[name] for name in replace})
    if not changes:  # DO UPDATE needs one column; rewriting a key column to itself changes nothing
        first = next(iter(conflict))
        changes = {first: statement.excluded[first]}
    statement = statement.on_conflict_do_update(index_elements=list(conflict), set_=changes)
    return session.scalars(statement.returning(model),
                           execution_options={"populate_existing": True}).one()
