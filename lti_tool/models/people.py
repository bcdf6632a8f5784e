"""Who launched, from which course and which link: learners, contexts, resource links
and the server-side launch sessions that replace cookies inside the LMS iframe."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin
from .platforms import PlatformRegistration


class Learner(TimestampMixin, Base):
    """A person as the platform names them: unique per organisation, issuer and ``sub``.

    The organisation is part of the key: a registration of another organisation that
    happens to use the same issuer string gets learners of its own, never these
    (issue 12, finding 4). Within one organisation, every registration of the same
    platform (a re-registered Moodle, a second Canvas key) shares its learners, as the
    LTI spec makes ``sub`` unique per issuer.
    """

    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("organisation_id", "issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    sub: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))


class CourseContext(TimestampMixin, Base):
    __tablename__ = "course_contexts"
    __table_args__ = (UniqueConstraint("registration_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("platform_registrations.id"))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(500))
    label: Mapped[str | None] = mapped_column(String(255))

    registration: Mapped[PlatformRegistration] = relationship()


class ResourceLink(TimestampMixin, Base):
    """One placement of our content in a course; ``content_item_id`` says which module."""

    __tablename__ = "resource_links"
    __table_args__ = (UniqueConstraint("registration_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("platform_registrations.id"))
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    content_item_id: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(500))
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    # The placement's custom ``grading`` ('best' or 'latest'); None: the default, best.
    grading: Mapped[str | None] = mapped_column(String(10))

    context: Mapped[CourseContext | None] = relationship()


class LaunchSession(TimestampMixin, Base):
    """What a validated launch established, referenced by the signed launch token.

    Browsers drop cookies in a cross-site iframe, so every page after the launch
    carries a signed token naming this row instead of relying on a session cookie.
    """

    __tablename__ = "launch_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("platform_registrations.id"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    resource_link_id: Mapped[int | None] = mapped_column(ForeignKey("resource_links.id"))
    message_type: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list] = mapped_column(default=list)
    ags: Mapped[dict | None] = mapped_column()
    nrps_url: Mapped[str | None] = mapped_column(String(1000))
    return_url: Mapped[str | None] = mapped_column(String(1000))
    # The platform's launch_presentation.locale, e.g. 'nl-NL' or 'en'; picks the UI language.
    locale: Mapped[str | None] = mapped_column(String(35))
    # For LtiDeepLinkingRequest launches: the platform's deep_linking_settings claim.
    deep_linking: Mapped[dict | None] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()

    learner: Mapped[Learner] = relationship()
    registration: Mapped[PlatformRegistration] = relationship()
    context: Mapped[CourseContext | None] = relationship()
    resource_link: Mapped[ResourceLink | None] = relationship()
