"""Escape room teams: learners on several phones who share one room's state."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class EscapeTeam(TimestampMixin, Base):
    """A team in one escape room of one organisation, found by its short ``code``."""

    __tablename__ = "escape_teams"
    __table_args__ = (UniqueConstraint("organisation_id", "module_id", "block_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    block_id: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(12))


class EscapeTeamMember(TimestampMixin, Base):
    """A learner's team in a room: at most one per learner and room."""

    __tablename__ = "escape_team_members"
    __table_args__ = (UniqueConstraint("learner_id", "module_id", "block_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    block_id: Mapped[str] = mapped_column(String(255))
    team_id: Mapped[int] = mapped_column(ForeignKey("escape_teams.id", ondelete="CASCADE"),
                                         index=True)


class EscapeTeamMove(TimestampMixin, Base):
    """One move of a team (a start, a solved puzzle, a hint, the open door), at most once:
    two members who solve the same puzzle at the same moment make one row."""

    __tablename__ = "escape_team_moves"
    __table_args__ = (UniqueConstraint("team_id", "move"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("escape_teams.id", ondelete="CASCADE"))
    move: Mapped[str] = mapped_column(String(300))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    response: Mapped[dict] = mapped_column()
