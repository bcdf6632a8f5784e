"""Short-lived, single-use LTI login state (state and nonce values), stored server-side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LtiStateEntry(Base):
    __tablename__ = "lti_state"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column(index=True)
