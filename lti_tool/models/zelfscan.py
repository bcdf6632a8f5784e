"""The zelfscan: a learner's scans and answers, their learning path and their share consent.

A learner's answers are theirs. Group views only use finished scans of learners in the
same organisation and course context, and only for groups of at least five; a trainer
sees one person's answers only while ``ZelfscanConsent.shared`` is on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, unique_where, utcnow

OPEN = "open"
COMPLETED = "completed"
# An open scan that a newer open scan of the same learner replaced before one open scan per
# learner was enforced (migration 0009): kept, but never shown or counted.
ABANDONED = "abandoned"


def _one_open_scan(name: str, *columns: str, context: str) -> Index:
    """At most one open scan per learner, course context and framework (NULL context too)."""
    return unique_where(name, *columns, where=f"status = 'open' AND context_id IS {context}")


class ZelfscanScan(TimestampMixin, Base):
    """One run through a framework; ``area_scores`` (area id -> mean or null) once completed."""

    __tablename__ = "zelfscan_scans"
    __table_args__ = (
        _one_open_scan("uq_zelfscan_scans_open", "learner_id", "context_id", "framework_id",
                       context="NOT NULL"),
        _one_open_scan("uq_zelfscan_scans_open_no_context", "learner_id", "framework_id",
                       context="NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    framework_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    # Index of the area the learner saw last, so the scan resumes there.
    position: Mapped[int] = mapped_column(Integer, default=0)
    area_scores: Mapped[dict | None] = mapped_column()
    # Taken by a trainer or instructor (e.g. to try it out): left out of the group profile.
    by_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    answers: Mapped[list[ZelfscanAnswer]] = relationship(
        back_populates="scan", cascade="all, delete-orphan", order_by="ZelfscanAnswer.id")

    @property
    def answer_values(self) -> dict[str, int | None]:
        """Statement id -> 1..5, or ``None`` for "weet ik niet"; skipped items are absent."""
        return {a.statement_id: a.value for a in self.answers}


class ZelfscanAnswer(Base):
    """The current answer to one statement in one scan; changed in place while the scan is open."""

    __tablename__ = "zelfscan_answers"
    __table_args__ = (UniqueConstraint("scan_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("zelfscan_scans.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(String(120))
    value: Mapped[int | None] = mapped_column(Integer)  # None: "weet ik niet"
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    scan: Mapped[ZelfscanScan] = relationship(back_populates="answers")


class ZelfscanPath(TimestampMixin, Base):
    """The learner's learning path: recommended from a scan, then added to, dropped, reordered."""

    __tablename__ = "zelfscan_paths"
    __table_args__ = (UniqueConstraint("learner_id", "context_id", "framework_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    framework_id: Mapped[str] = mapped_column(String(120))
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("zelfscan_scans.id"))
    module_ids: Mapped[list] = mapped_column(default=list)
    dropped: Mapped[list] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ZelfscanConsent(TimestampMixin, Base):
    """Whether the learner lets the trainers of this course context see their own answers."""

    __tablename__ = "zelfscan_consents"
    __table_args__ = (UniqueConstraint("learner_id", "context_id", "framework_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    framework_id: Mapped[str] = mapped_column(String(120))
    shared: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
