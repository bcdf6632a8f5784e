"""How many statements go in the next POST to a target: adaptive, per target (AIMD).

A receiver that answers a full batch quickly gets a larger one next time (additive
increase, up to ``maximum``); one that answers slowly, or fails, gets half as many
(multiplicative decrease, down to 1). "Slowly" is well inside the HTTP read timeout, so
an LRS that slows down is sent smaller batches before a batch would time out. The state
lives in the worker process, like the circuit breakers.
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
    half of it, a full batch grows the next one by ``step``."""

    start: int
    maximum: int
    slow_seconds: float = DEFAULT_SLOW_SECONDS
    step: int = 0

    def __post_init__(self) -> None:
        self.start = max(self.start, 1)
        self.maximum = max(self.maximum, self.start)
        self.step = self.step or max(self.start // 5, 1)
        self._sizes: dict[str, int] = {}

    def size(self, target: str) -> int:
        return self._sizes.get(target, self.start)

    def record(self, target: str, sent: int, seconds: float, ok: bool) -> int:
        """After a POST of ``sent`` statements answered in ``seconds`` (``ok``: all taken);
        returns the next size for ``target``."""
        size = self.size(target)
        if not ok or seconds > self.slow_seconds:
            size = max(min(size, sent) // 2, 1)
        elif sent >= size and seconds <= self.slow_seconds / 2:
            size = min(size + self.step, self.maximum)
        self._sizes[target] = size
        return size
