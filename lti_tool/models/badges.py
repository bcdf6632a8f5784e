"""Open Badges 3.0: the tool's Ed25519 badge key and the credentials it issued."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class BadgeKey(TimestampMixin, Base):
    """The Ed25519 key that signs badges and status lists (Data Integrity, eddsa-rdfc-2022).

    Kept like :class:`ToolKey`: made on first use, stored in the database, never in the
    repository or a log line. Its public half is published as a Multikey document.
    """

    __tablename__ = "badge_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_multibase: Mapped[str] = mapped_column(String(100))


class IssuedBadge(TimestampMixin, Base):
    """One signed OpenBadgeCredential: one per learner, course and achievement.

    ``status_index`` is the credential's bit in its organisation's revocation list, drawn
    at random (so a list's neighbours say nothing about who earned a badge when).
    """

    __tablename__ = "issued_badges"
    __table_args__ = (
        UniqueConstraint("learner_id", "course_id", "achievement"),
        UniqueConstraint("organisation_id", "status_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course_contexts.id"))
    achievement: Mapped[str] = mapped_column(String(80))
    status_index: Mapped[int] = mapped_column()
    credential: Mapped[dict] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
