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

A batch too large for the target (413, from the LRS or a proxy before it) is sent again
in halves (``xapi_delivery.py``); the largest half that then got through becomes the
target's ceiling, and the next batches are that size, in one POST each instead of a 413
and the halving again. The ceiling is never probed upward: a body limit is configuration,
not load, and does not come back up by itself as a slow receiver does; probing would cost
a 413 and a halving each time. It can only go down (a later 413 with larger statements),
and lasts as long as the worker process, so a raised limit is used after the next restart.
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
    batch, and grows it by ``step`` after that, never above the target's ceiling."""

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
        self._ceilings: dict[str, int] = {}  # the largest batch that fitted after a 413

    def size(self, target: str) -> int:
        return self._sizes.get(target, self.start)

    def record(self, target: str, sent: int, seconds: float, ok: bool, fitted: int | None = None) -> int:
        """After a batch of ``sent`` statements answered in ``seconds`` (``ok``: all taken);
        ``fitted``: it was too large (413), and POSTs of this many got through. Returns the
        next size for ``target``."""
        size = self.size(target)
        if fitted is not None:
            # The seconds are those of all the smaller POSTs together: no sign of load.
            size = self._ceilings[target] = fitted
            self._backed_off.add(target)
        elif not ok or seconds > self.slow_seconds:
            size = max(min(size, sent) // 2, 1)
            self._backed_off.add(target)
        elif sent >= size and seconds <= self.slow_seconds / 2:
            grown = size + self.step if target in self._backed_off else size * 2
            size = min(grown, self._ceilings.get(target, self.maximum))
        self._sizes[target] = size
        return size
