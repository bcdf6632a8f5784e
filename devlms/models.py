"""The devlms's own tables (prefixed ``devlms_``), apart from the tool's schema.

They use their own ``MetaData`` and their own Alembic history (``devlms/migrations``,
run by :mod:`devlms.migrate` when the devlms is mounted): a change here needs a
revision there, and ``tests/test_migrations.py`` checks that they agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

TEACHER = "teacher"


def utcnow() -> datetime:
    return datetime.now(UTC)


class DevBase(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {dict: JSON, list: JSON, datetime: DateTime(timezone=True)}


class DevKey(DevBase):
    """The platform's RSA key pair: signs id_tokens and access tokens."""

    __tablename__ = "devlms_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(100), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DevUser(DevBase):
    """A person in the devlms; ``username`` is also the LTI ``sub``."""

    __tablename__ = "devlms_users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # learner, instructor or admin
    name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))


class DevCourse(DevBase):
    __tablename__ = "devlms_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))


class DevEnrolment(DevBase):
    __tablename__ = "devlms_enrolments"
    __table_args__ = (UniqueConstraint("course_id", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("devlms_courses.id"))
    username: Mapped[str] = mapped_column(ForeignKey("devlms_users.username"))


class DevPlacement(DevBase):
    """An LTI resource link in a course; ``resource_link_id`` is also its URL slug."""

    __tablename__ = "devlms_placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("devlms_courses.id"))
    resource_link_id: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    custom: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added later, so nullable; None = the built-in tool.
    text: Mapped[str | None] = mapped_column(Text)
    tool_client_id: Mapped[str | None] = mapped_column(String(100))
    target_link_uri: Mapped[str | None] = mapped_column(String(1000))

    course: Mapped[DevCourse] = relationship()


class DevLineItem(DevBase):
    """A gradebook column, created with a placement or by the tool through AGS."""

    __tablename__ = "devlms_line_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("devlms_courses.id"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("devlms_placements.id"))
    label: Mapped[str] = mapped_column(String(300))
    score_maximum: Mapped[float] = mapped_column(Float)
    resource_id: Mapped[str | None] = mapped_column(String(255))
    tag: Mapped[str | None] = mapped_column(String(255))
    start_date_time: Mapped[str | None] = mapped_column(String(40))
    end_date_time: Mapped[str | None] = mapped_column(String(40))

    course: Mapped[DevCourse] = relationship()
    placement: Mapped[DevPlacement | None] = relationship()
    scores: Mapped[list[DevScore]] = relationship(
        back_populates="line_item", cascade="all, delete-orphan", passive_deletes=True)


class DevScore(DevBase):
    """Every accepted score, kept in arrival order: the column's history. The grade is
    the latest teacher override, else the latest score."""

    __tablename__ = "devlms_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_line_items.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(ForeignKey("devlms_users.username"))
    score_given: Mapped[float | None] = mapped_column(Float)
    score_maximum: Mapped[float | None] = mapped_column(Float)
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    timestamp: Mapped[datetime] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added later, so nullable: None = sent by the tool (AGS); 'teacher' = changed in the
    # gradebook by a teacher, which (as in Moodle) overrides whatever the tool sends later.
    source: Mapped[str | None] = mapped_column(String(20))

    line_item: Mapped[DevLineItem] = relationship(back_populates="scores")
    user: Mapped[DevUser] = relationship()

    @property
    def timestamp_utc(self) -> datetime:
        return as_utc(self.timestamp)

    @property
    def by_teacher(self) -> bool:
        return self.source == TEACHER


class DevUsedAssertion(DevBase):
    """``jti`` values of client assertions already used at the token endpoint."""

    __tablename__ = "devlms_used_assertions"

    jti: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class DevTool(DevBase):
    """A tool registered through LTI Dynamic Registration: its own client_id and deployment."""

    __tablename__ = "devlms_tools"

    client_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    deployment_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending or active
    initiate_login_uri: Mapped[str] = mapped_column(String(1000))
    target_link_uri: Mapped[str] = mapped_column(String(1000))
    deep_link_uri: Mapped[str | None] = mapped_column(String(1000))
    jwks_uri: Mapped[str] = mapped_column(String(1000))
    redirect_uris: Mapped[list] = mapped_column(default=list)
    scopes: Mapped[list] = mapped_column(default=list)
    registration: Mapped[dict] = mapped_column(default=dict)  # what the tool sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added later, so nullable: which LMS the registration behaved as (None = Moodle), and
    # in Canvas mode the placements Canvas derived from the registration's messages.
    behaviour: Mapped[str | None] = mapped_column(String(30))
    placements: Mapped[list | None] = mapped_column()


class DevRegistrationToken(DevBase):
    """A one-time ``registration_token`` handed to a tool's registration page."""

    __tablename__ = "devlms_registration_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registration_url: Mapped[str] = mapped_column(String(1000))
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    client_id: Mapped[str | None] = mapped_column(String(100))
    behaviour: Mapped[str | None] = mapped_column(String(30))  # added later; None = Moodle


def as_utc(value: datetime) -> datetime:
    """Aware UTC: SQLite returns naive datetimes (stored as UTC), PostgreSQL the session zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
