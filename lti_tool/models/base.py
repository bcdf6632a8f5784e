"""Declarative base and column helpers shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

from sqlalchemy import JSON, DateTime, Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON, list: JSON, datetime: DateTime(timezone=True)}


def unique_where(name: str, *columns: str, where: str) -> Index:
    """A partial unique index (PostgreSQL and SQLite): ``columns`` unique among the rows
    ``where`` holds, e.g. per ``context_id IS NULL`` and ``IS NOT NULL`` (a unique
    constraint lets NULLs differ)."""
    return Index(name, *columns, unique=True, postgresql_where=text(where),
                 sqlite_where=text(where))


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@overload
def as_utc(value: datetime) -> datetime: ...


@overload
def as_utc(value: None) -> None: ...


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
