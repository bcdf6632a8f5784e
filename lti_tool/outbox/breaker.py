"""Per-target circuit breakers: one unreachable LMS or LRS must not hold up the others.

After ``threshold`` consecutive failed deliveries to a target the circuit *opens*: the
worker claims nothing for that target for ``cooldown`` seconds. Then it is *half-open*:
exactly one message is tried. Success closes the circuit; failure opens it again.
The state lives in the worker process; each worker protects its own calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


@dataclass
class _Circuit:
    failures: int = 0
    opened_at: float | None = None
    trial_running: bool = False


class CircuitBreakers:
    def __init__(self, threshold: int, cooldown: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = max(threshold, 1)
        self.cooldown = cooldown
        self.clock = clock
        self._circuits: dict[str, _Circuit] = {}

    def state(self, target: str) -> str:
        circuit = self._circuits.get(target)
        if circuit is None or circuit.opened_at is None:
            return CLOSED
        if circuit.trial_running or self.clock() - circuit.opened_at >= self.cooldown:
            return HALF_OPEN
        return OPEN

    def blocked(self) -> set[str]:
        """Targets whose messages must not be claimed in bulk (open or half-open)."""
        return {target for target in self._circuits if self.state(target) != CLOSED}

    def trial_candidates(self) -> list[str]:
        """Half-open targets waiting for their one trial delivery."""
        return [target for target, circuit in self._circuits.items()
                if self.state(target) == HALF_OPEN and not circuit.trial_running]

    def start_trial(self, target: str) -> None:
        self._circuits[target].trial_running = True

    def record(self, target: str, ok: bool) -> None:
        if ok:
            self._circuits.pop(target, None)
            return
        circuit = self._circuits.setdefault(target, _Circuit())
        circuit.trial_running = False
        circuit.failures += 1
        if circuit.opened_at is not None or circuit.failures >= self.threshold:
            circuit.opened_at = self.clock()
