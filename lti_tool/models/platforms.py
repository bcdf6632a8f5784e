"""LTI platform registrations (issuer + client_id) and their allowed deployments."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin
from .tenancy import Organisation


class PlatformRegistration(TimestampMixin, Base):
    __tablename__ = "platform_registrations"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    jwks_url: Mapped[str] = mapped_column(String(1000))
    # The 'aud' for the client-credentials assertion, when it differs from the token URL.
    auth_audience: Mapped[str | None] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Registered without a deployment (the platform sent none): the first launch's
    # deployment_id becomes the registration's, once; the flag then closes.
    accept_first_deployment: Mapped[bool] = mapped_column(Boolean, default=False)
    # Extra hosts ("host" or "host:port") where the platform's AGS and NRPS services live,
    # besides the hosts of its login, token and JWKS URLs (Canvas: the school's own host).
    service_hosts: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")

    organisation: Mapped[Organisation] = relationship()
    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )


class Deployment(TimestampMixin, Base):
    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("registration_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("platform_registrations.id"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    registration: Mapped[PlatformRegistration] = relationship(back_populates="deployments")
