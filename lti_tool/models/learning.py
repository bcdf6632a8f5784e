"""What learners did: progress per module and every answer they gave."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, utcnow


class ModuleProgress(TimestampMixin, Base):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("learner_id", "context_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    last_block_id: Mapped[str | None] = mapped_column(String(255))
    blocks_done: Mapped[list] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="started")
    score_given: Mapped[float | None] = mapped_column(Float)
    score_maximum: Mapped[float | None] = mapped_column(Float)
    completed_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Answer(TimestampMixin, Base):
    """One submitted answer; kept, never overwritten, so retries stay visible."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    block_id: Mapped[str] = mapped_column(String(255))
    response: Mapped[dict] = mapped_column()
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
