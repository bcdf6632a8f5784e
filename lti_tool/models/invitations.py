"""One-time registration links: the operator's permission for one LMS to register."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin
from .platforms import PlatformRegistration
from .tenancy import Organisation


class RegistrationInvitation(TimestampMixin, Base):
    """Only the SHA-256 of the link's token is stored; the link itself is shown once."""

    __tablename__ = "registration_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("platform_registrations.id"))
    # Given to the registration it makes (Canvas: the school's own host serves AGS and NRPS).
    service_hosts: Mapped[list[str]] = mapped_column(JSON, default=list)

    organisation: Mapped[Organisation] = relationship()
    registration: Mapped[PlatformRegistration | None] = relationship()
