"""One-statement upserts (``INSERT .. ON CONFLICT .. DO UPDATE .. RETURNING``) on
PostgreSQL and SQLite, so that parallel first requests for the same row never collide."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, bindparam, func
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
    statement = _statement(dialect, model, tuple(values), tuple(conflict),  # type: ignore[arg-type]
                           tuple(refresh), tuple(replace))
    return session.scalars(statement, dict(values), execution_options={"populate_existing": True}).one()


def upsert_columns(session: Session, model: type, values: Mapping[str, Any], conflict: Iterable[str],
                   returning: Iterable[str], *, refresh: Iterable[str] = (),
                   replace: Iterable[str] = ()) -> Row[Any]:
    """:func:`upsert` without an ORM object: the row's ``returning`` columns as the database
    holds them now, through the session's connection (no identity map, no flush)."""
    connection = session.connection()
    statement = _statement(connection.dialect.name, model, tuple(values), tuple(conflict),
                           tuple(refresh), tuple(replace), tuple(returning))
    return connection.execute(statement, dict(values)).one()


@functools.lru_cache(maxsize=256)
def _statement(dialect: str, model: type, names: tuple[str, ...], conflict: tuple[str, ...],
               refresh: tuple[str, ...], replace: tuple[str, ...],
               returning: tuple[str, ...] | None = None) -> Any:
    """The upsert for one shape of call, built once (building it costs more than running it);
    the values are bound parameters of the same names."""
    table = model.__table__  # type: ignore[attr-defined]
    target = model if returning is None else table  # a plain Core statement for upsert_columns
    statement = on_conflict_update(
        _INSERTS[dialect](target).values({name: bindparam(name) for name in names}),
        table, conflict, refresh, replace)
    if returning is not None:
        return statement.returning(*(table.c[name] for name in returning))
    return statement.returning(model)


def on_conflict_update(statement: Any, table: Any, conflict: tuple[str, ...],
                       refresh: tuple[str, ...], replace: tuple[str, ...]) -> Any:
    """``statement`` (a dialect's INSERT) with the upsert's ``ON CONFLICT .. DO UPDATE``:
    ``refresh`` columns take the new value when it is not null, ``replace`` columns always."""
    changes: dict[str, ColumnElement[Any]] = {
        name: func.coalesce(statement.excluded[name], table.c[name]) for name in refresh}
    changes.update({name: statement.excluded[name] for name in replace})
    if not changes:  # DO UPDATE needs one column; rewriting a key column to itself changes nothing
        first = conflict[0]
        changes = {first: statement.excluded[first]}
    return statement.on_conflict_do_update(index_elements=list(conflict), set_=changes)
