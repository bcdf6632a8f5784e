"""What one delivery attempt meant, whatever the receiver (LMS gradebook or LRS)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DELIVERED = "delivered"
SUPERSEDED = "superseded"
SKIPPED = "skipped"
REJECTED = "rejected"
RETRY = "retry"
HELD = "held"
DEAD = "dead"
PENDING = "pending"


@dataclass(frozen=True)
class Outcome:
    """``delivered``; ``superseded`` (the receiver has something newer); ``skipped`` (there
    is nowhere it may go, e.g. the course has no gradebook column for it); ``rejected`` (it
    will never take it); ``retry`` (try again later, maybe after ``retry_after`` s); or
    ``held`` (the receiver refuses *us*, e.g. wrong credentials: keep the message, wait
    long, never count it towards the dead-letter limit).

    ``fitted``: the batch was too large for the receiver (413) and went again in smaller
    POSTs; this statement's POST of ``fitted`` statements got an answer. The worker keeps
    the largest as the target's ceiling (``batch_size.py``)."""

    status: str
    detail: str = ""
    retry_after: float | None = None
    fitted: int | None = None

    @property
    def receiver_answered(self) -> bool:
        """Did the target itself work? Feeds the target's circuit breaker."""
        return self.status not in (RETRY, HELD)


def is_transient(status_code: int) -> bool:
    """HTTP answers worth trying again later: timeouts, rate limits, server errors."""
    return status_code in (408, 429) or status_code >= 500


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """A ``Retry-After`` given in seconds (the HTTP-date form is ignored)."""
    value = headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None
