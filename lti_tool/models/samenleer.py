"""Samenleer tracks: a professional and the person they guide look at the guidance together.

Answers belong to the two people of a track only. The guided person has no account:
they enter through an invite (only a hash of its secret is stored) and a personal
code (stored as a slow, salted hash).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, utcnow

SIDE_PROFESSIONAL = "pro"
SIDE_GUEST = "guest"
OWN_TOPIC = "_eigen"  # the theme id under which a side's own topic is stored
DEFAULT_INTERVAL_WEEKS = 6
CHOICES_MAX = 1000  # room for every topic id of a topics scale


class SamenleerTrack(TimestampMixin, Base):
    __tablename__ = "samenleer_tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    visual: Mapped[bool] = mapped_column(default=False)
    interval_weeks: Mapped[int] = mapped_column(Integer, default=DEFAULT_INTERVAL_WEEKS)
    code_hash: Mapped[str | None] = mapped_column(String(200))
    code_salt: Mapped[str] = mapped_column(String(64))
    guest_deleted_at: Mapped[datetime | None] = mapped_column()
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    invites: Mapped[list[SamenleerInvite]] = relationship(
        back_populates="track", cascade="all, delete-orphan", passive_deletes=True)
    rounds: Mapped[list[SamenleerRound]] = relationship(
        back_populates="track", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SamenleerRound.number")
    meetings: Mapped[list[SamenleerMeeting]] = relationship(
        back_populates="track", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SamenleerMeeting.held_on")

    def touch(self) -> None:
        self.last_activity_at = utcnow()


class SamenleerInvite(TimestampMixin, Base):
    __tablename__ = "samenleer_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(
        ForeignKey("samenleer_tracks.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()

    track: Mapped[SamenleerTrack] = relationship(back_populates="invites")


class SamenleerMeeting(Base):
    """An ordinary guidance conversation the professional logged (for the rhythm)."""

    __tablename__ = "samenleer_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(
        ForeignKey("samenleer_tracks.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")

    track: Mapped[SamenleerTrack] = relationship(back_populates="meetings")


class SamenleerRound(TimestampMixin, Base):
    __tablename__ = "samenleer_rounds"
    __table_args__ = (UniqueConstraint("track_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(
        ForeignKey("samenleer_tracks.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    pro_done_at: Mapped[datetime | None] = mapped_column()
    guest_done_at: Mapped[datetime | None] = mapped_column()
    opened_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    agreements: Mapped[str] = mapped_column(Text, default="")

    track: Mapped[SamenleerTrack] = relationship(back_populates="rounds")
    answers: Mapped[list[SamenleerAnswer]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def revealed(self) -> bool:
        """Both sides see each other's answers once both are done or the conversation opened."""
        return self.opened_at is not None or (
            self.pro_done_at is not None and self.guest_done_at is not None)

    def done_at(self, side: str) -> datetime | None:
        return self.pro_done_at if side == SIDE_PROFESSIONAL else self.guest_done_at


class SamenleerAnswer(Base):
    __tablename__ = "samenleer_answers"
    __table_args__ = (UniqueConstraint("round_id", "side", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("samenleer_rounds.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    theme_id: Mapped[str] = mapped_column(String(120))
    score: Mapped[int | None] = mapped_column(Integer)
    #: For a theme whose scale is a choice of topics: the chosen topic ids, space-separated.
    choices: Mapped[str] = mapped_column(String(CHOICES_MAX), default="", server_default="")
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[SamenleerRound] = relationship(back_populates="answers")


class SamenleerRetention(Base):
    """How long an organisation keeps Samenleer tracks after their last activity."""

    __tablename__ = "samenleer_retention"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    months: Mapped[int] = mapped_column(Integer)
