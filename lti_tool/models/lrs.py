"""Per-organisation Learning Record Store settings: where the organisation's xAPI goes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .tenancy import Organisation


class LrsSettings(Base):
    """One row per organisation that has an LRS; no row means no xAPI for it.

    The secret is stored encrypted with a key derived from ``SECRET_KEY``
    (``lti_tool.xapi.lrs_config``) and only ever shown as ``secret_hint``.
    """

    __tablename__ = "lrs_settings"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(1000))
    key: Mapped[str] = mapped_column(String(255))
    secret_encrypted: Mapped[str] = mapped_column(Text)
    secret_hint: Mapped[str] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Off by default: statements then name learners only by a pseudonym.
    identify_learners: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when the LRS refused our credentials (401/403); cleared by the next success.
    credentials_rejected_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
