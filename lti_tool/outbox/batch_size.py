"""How many statements go in the next POST to a target: adaptive, per target.

A receiver that answers a full batch quickly gets a larger one next time, up to
``maximum``; one that answers slowly, or fails, gets half as many (multiplicative
decrease, down to 1). "Slowly" is well inside the HTTP read timeout, so an LRS that
slows down is sent smaller batches before a batch would time out.

Growth works as TCP's congestion window does: a target that has never answered slowly
or failed doubles its batch after each fast full one (slow start), so a burst of
statements reaches ``maximum`` in a few POSTs; after its first slow or failed batch it
grows by ``step`` at a time (additive increase), probing carefully near the size that
was too much. Every POST costs the receiver a fixed amount (Ralph's file-system backend
reads its whole store to find known ids), so small batches lower what it can take: with
steps alone, 50 to 200 took 15 batches, most of a 2,000-statement burst. The state lives
in the worker process, like the circuit breakers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..http import DEFAULT_TIMEOUT

# A batch answered after this share of the read timeout counts as slow.
SLOW_SHARE_OF_TIMEOUT = 0.25
DEFAULT_SLOW_SECONDS = DEFAULT_TIMEOUT[1] * SLOW_SHARE_OF_TIMEOUT


@dataclass
class BatchSizes:
    """``start``: the first batch to a target (``OUTBOX_BATCH_SIZE``); ``maximum``: the
    largest (the worker never holds more than ``OUTBOX_CLAIM_LIMIT`` messages anyway);
    ``slow_seconds``: a batch answered after this shrinks the next one; answered within
    half of it, a full batch doubles the next one until the target's first slow or failed
    batch, and grows it by ``step`` after that."""

    start: int
    maximum: int
    slow_seconds: float = DEFAULT_SLOW_SECONDS
    step: int = 0

    def __post_init__(self) -> None:
        self.start = max(self.start, 1)
        self.maximum = max(self.maximum, self.start)
        self.step = self.step or max(self.start // 5, 1)
        self._sizes: dict[str, int] = {}
        self._backed_off: set[str] = set()  # targets that have answered slowly or failed

    def size(self, target: str) -> int:
        return self._sizes.get(target, self.start)

    def record(self, target: str, sent: int, seconds: float, ok: bool) -> int:
        """After a POST of ``sent`` statements answered in ``seconds`` (``ok``: all taken);
        returns the next size for ``target``."""
        size = self.size(target)
        if not ok or seconds > self.slow_seconds:
            size = max(min(size, sent) // 2, 1)
            self._backed_off.add(target)
        elif sent >= size and seconds <= self.slow_seconds / 2:
            grown = size + self.step if target in self._backed_off else size * 2
            size = min(grown, self.maximum)
        self._sizes[target] = size
        return size
