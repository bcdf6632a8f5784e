"""Intervisie: werkbegeleiders work through each other's cases in a small group.

Cases and contributions belong to the group's members only: never to the trainer, the LMS
or the LRS. A group lives in one organisation; a regional group may take members from
other organisations of the same network, who are seen only by the name they chose.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, utcnow

MODE_LIVE = "live"
MODE_ASYNC = "async"
STATUS_OPEN = "open"
STATUS_DONE = "done"


class IntervisieNetwork(TimestampMixin, Base):
    """Organisations of one region that may open intervisie groups to each other."""

    __tablename__ = "intervisie_networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


class IntervisieNetworkMember(Base):
    """An organisation belongs to at most one network (the operator decides)."""

    __tablename__ = "intervisie_network_members"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_networks.id", ondelete="CASCADE"), index=True)


class IntervisieGroup(TimestampMixin, Base):
    __tablename__ = "intervisie_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    #: Hash of the join code (the code itself is shown to the trainer and the members).
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hint: Mapped[str] = mapped_column(String(16))
    #: Open to the other organisations of this network (``None``: own organisation only).
    network_id: Mapped[int | None] = mapped_column(ForeignKey("intervisie_networks.id"))
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    members: Mapped[list[IntervisieMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True,
        order_by="IntervisieMember.id")
    sessions: Mapped[list[IntervisieSession]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True,
        order_by="IntervisieSession.id")

    def touch(self) -> None:
        self.last_activity_at = utcnow()


class IntervisieMember(TimestampMixin, Base):
    """A werkbegeleider in a group; ``display_name`` is what the others see."""

    __tablename__ = "intervisie_members"
    __table_args__ = (UniqueConstraint("group_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_groups.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))

    group: Mapped[IntervisieGroup] = relationship(back_populates="members")


class IntervisieSession(TimestampMixin, Base):
    """One run of a method: the inbrenger's case, step by step."""

    __tablename__ = "intervisie_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_groups.id", ondelete="CASCADE"), index=True)
    method_id: Mapped[str] = mapped_column(String(80))
    mode: Mapped[str] = mapped_column(String(8))
    inbrenger_id: Mapped[int] = mapped_column(ForeignKey("intervisie_members.id"))
    status: Mapped[str] = mapped_column(String(8), default=STATUS_OPEN)
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    step_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Asynchronous mode: when the open step closes by itself (the worker's sweep looks for
    #: the passed ones: ``intervisie/deadlines.py``).
    step_deadline: Mapped[datetime | None] = mapped_column(index=True)
    #: The information question the inbrenger chose (an entry of an earlier step).
    chosen_entry_id: Mapped[int | None] = mapped_column(Integer)
    finished_at: Mapped[datetime | None] = mapped_column()

    group: Mapped[IntervisieGroup] = relationship(back_populates="sessions")
    entries: Mapped[list[IntervisieEntry]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="IntervisieEntry.id")
    participants: Mapped[list[IntervisieParticipant]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)


class IntervisieEntry(Base):
    """What a member wrote in a step: the case, a question, advice, a take-away."""

    __tablename__ = "intervisie_entries"
    __table_args__ = (UniqueConstraint("session_id", "member_id", "client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_sessions.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_members.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    #: The form's one-time key: the same submission twice is stored once.
    client_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[IntervisieSession] = relationship(back_populates="entries")


class IntervisieParticipant(Base):
    """A member took part in a session; ``reported_at``: their completion went to the LMS.

    ``launch_id``: the launch they last took part with. When the session ends, their
    completion goes out with it (its registration, deployment and gradebook column), so it
    reaches the gradebook without them coming back.
    """

    __tablename__ = "intervisie_participants"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_sessions.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_members.id", ondelete="CASCADE"), primary_key=True)
    reported_at: Mapped[datetime | None] = mapped_column()
    launch_id: Mapped[str | None] = mapped_column(
        ForeignKey("launch_sessions.id", ondelete="SET NULL"))


CASE_CONSENT = "consent"    # waiting for the other members' consent
CASE_PROPOSED = "proposed"  # every member agreed: the trainer decides
CASE_APPROVED = "approved"  # a practice case of the course


class IntervisiePracticeCase(TimestampMixin, Base):
    """A case the inbrenger offers, anonymised, as a practice case for the course.

    It keeps no link to the people of the group: only the text the inbrenger wrote for
    it, the pieces of advice they chose, and the name they chose to be credited with
    (``None``: "een werkbegeleider uit het netwerk").
    """

    __tablename__ = "intervisie_practice_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"), index=True)
    #: The session it came from, while that exists (one offer per session).
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervisie_sessions.id", ondelete="SET NULL"), unique=True)
    title: Mapped[str] = mapped_column(String(80))
    situation: Mapped[str] = mapped_column(Text)
    advice: Mapped[list] = mapped_column(JSON)
    takeaway: Mapped[str] = mapped_column(Text, default="")
    credit_name: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default=CASE_CONSENT)
    approved_at: Mapped[datetime | None] = mapped_column()


class IntervisieCaseConsent(Base):
    """A member of the session agreed that its case becomes a practice case."""

    __tablename__ = "intervisie_case_consents"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_practice_cases.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("intervisie_members.id", ondelete="CASCADE"), primary_key=True)
