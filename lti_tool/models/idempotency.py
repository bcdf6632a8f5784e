"""Idempotency keys of form posts: a form carries a fresh key; the first post with it
records, every later post with the same key gets the page the first one got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class FormSubmission(Base):
    __tablename__ = "form_submissions"

    # The request path and the key together: a key only ever counts for its own form.
    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Where the first post sent the browser (without the launch token, which is a secret).
    location: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
