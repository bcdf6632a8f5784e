"""The tool's own RSA signing keys, published through the JWKS endpoint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class ToolKey(TimestampMixin, Base):
    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict] = mapped_column()
    # Published from created_at; used for signing from signing_from; gone after retired_at.
    signing_from: Mapped[datetime] = mapped_column()
    retired_at: Mapped[datetime | None] = mapped_column()
