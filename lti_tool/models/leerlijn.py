"""The blended leerlijn: bijeenkomsten with attendance, praktijkopdrachten with feedback from
a praktijkopleider or teamleider (by invitation link, no account), and completion.

Everything is per course (``course_contexts``) and so per organisation; learners are of the
same organisation as the course (see ``web.launch_from_row``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, utcnow

BY_CODE = "code"
BY_TRAINER = "trainer"


class LeerlijnSession(TimestampMixin, Base):
    """A bijeenkomst the trainer planned for a course."""

    __tablename__ = "leerlijn_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500))
    prepares_for: Mapped[list[str]] = mapped_column(JSON, default=list)
    bring: Mapped[str] = mapped_column(Text, default="")
    #: Random; the check-in code is derived from it with the tool's key (never stored).
    checkin_nonce: Mapped[str] = mapped_column(String(64))
    checkin_open_until: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()

    attendances: Mapped[list[LeerlijnAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True)


class LeerlijnAttendance(Base):
    __tablename__ = "leerlijn_attendance"
    __table_args__ = (UniqueConstraint("session_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("leerlijn_sessions.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[LeerlijnSession] = relationship(back_populates="attendances")


class LeerlijnWork(TimestampMixin, Base):
    """A werkbegeleider's praktijkopdracht: what they did and a short reflection."""

    __tablename__ = "leerlijn_work"
    __table_args__ = (UniqueConstraint("learner_id", "context_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    assignment_id: Mapped[str] = mapped_column(String(80))
    what_i_did: Mapped[str] = mapped_column(Text, default="")
    reflection: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column()

    invites: Mapped[list[LeerlijnFeedbackInvite]] = relationship(
        back_populates="work", cascade="all, delete-orphan", passive_deletes=True,
        order_by="LeerlijnFeedbackInvite.id")
    feedback: Mapped[LeerlijnFeedback | None] = relationship(
        back_populates="work", cascade="all, delete-orphan", passive_deletes=True)


class LeerlijnFeedbackInvite(TimestampMixin, Base):
    """A link for the praktijkopleider or teamleider; only a hash of its secret is kept."""

    __tablename__ = "leerlijn_feedback_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("leerlijn_work.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    work: Mapped[LeerlijnWork] = relationship(back_populates="invites")


class LeerlijnFeedback(Base):
    """The answers of the praktijkopleider or teamleider: one per praktijkopdracht."""

    __tablename__ = "leerlijn_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(
        ForeignKey("leerlijn_work.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column()

    work: Mapped[LeerlijnWork] = relationship(back_populates="feedback")


class LeerlijnCompletion(Base):
    """The moment a learner completed the leerlijn of a course (once)."""

    __tablename__ = "leerlijn_completions"
    __table_args__ = (UniqueConstraint("learner_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
