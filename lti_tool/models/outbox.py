"""Durable messages that must leave the tool (AGS scores, later xAPI statements)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, utcnow


class OutboxMessage(TimestampMixin, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Deliveries to one target share a circuit breaker (e.g. 'ags:<registration id>').
    target: Mapped[str] = mapped_column(String(255))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("platform_registrations.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    payload: Mapped[dict] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column()


class WorkerHeartbeat(Base):
    """Each running worker updates its row; /health reports whether one is alive."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
