"""Counters for rate limits (wrong personal codes, failed admin logins) in the database."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class RateLimitCounter(Base):
    """Attempts for one key in one fixed window; ``resets_at`` is epoch milliseconds.

    Epoch milliseconds rather than a timestamp: the atomic upsert compares it in SQL,
    identically on SQLite and PostgreSQL.
    """

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    resets_at: Mapped[int] = mapped_column(BigInteger, index=True)
