"""Which gradebook column belongs to which content item, per course.

The LMS makes a column per placement (Deep Linking line items carry ``resourceId`` =
the content item). When a learner does another module inside the activity she
launched, its score may only go to that module's own column: this table remembers
what the tool found out, so it asks the LMS once per course and content item.

``ScoreSecond`` keeps, per learner and column on a platform, the whole second of the last
score queued for it, so the next one is given a later second (see
:mod:`lti_tool.outbox.score_time`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class GradeColumn(Base):
    """``lineitem_url`` is the column of ``resource_id`` in the course; ``None``: the
    course has none (checked at ``checked_at``; such an answer is looked at again later)."""

    __tablename__ = "grade_columns"
    __table_args__ = (UniqueConstraint("context_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("course_contexts.id"))
    resource_id: Mapped[str] = mapped_column(String(255))
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScoreSecond(Base):
    """``second`` (Unix time) is that of the last score queued for ``learner_id`` in the
    column ``column_key`` of the registration's platform: the line item's URL, or
    ``?`` and the content item while the worker has yet to find the column."""

    __tablename__ = "score_seconds"
    __table_args__ = (UniqueConstraint("registration_id", "learner_id", "column_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("platform_registrations.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    column_key: Mapped[str] = mapped_column(String(1000))
    second: Mapped[int] = mapped_column(BigInteger)
