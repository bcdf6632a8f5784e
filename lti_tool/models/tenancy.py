"""Organisations: the tenant that every registration, learner and record belongs to."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    logo_url: Mapped[str | None] = mapped_column(String(500))
    # Colours feed CSS custom properties; validated as #rrggbb before they are stored.
    primary_color: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    accent_color: Mapped[str] = mapped_column(String(7), default="#b3541e")
