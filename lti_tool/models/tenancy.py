"""Organisations: the tenant that every registration, learner and record belongs to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, utcnow


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # The operator's label (admin pages, CLI): the name given with the invitation, else the slug.
    name: Mapped[str] = mapped_column(String(200))
    # The name people see in every header, set on the branding page (or with the invitation).
    # Unset: the platform's own name from the latest launch (``platform_name``), never a host.
    display_name: Mapped[str | None] = mapped_column(String(200))
    platform_name: Mapped[str | None] = mapped_column(String(200))
    logo_url: Mapped[str | None] = mapped_column(String(500))
    # Colours feed CSS custom properties; validated as #rrggbb before they are stored.
    primary_color: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    accent_color: Mapped[str] = mapped_column(String(7), default="#b3541e")


class OrganisationLogo(Base):
    """The uploaded logo (PNG, JPEG or WebP, checked before it is stored), served by the tool."""

    __tablename__ = "organisation_logos"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256: the URL's version and the ETag
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
