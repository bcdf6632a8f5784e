"""Worker tuning, from the environment (``OUTBOX_*``) with defaults that suit production."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class OutboxConfig:
    max_attempts: int = 12            # tries before a message is dead-lettered
    batch_size: int = 50              # xAPI statements per POST
    claim_limit: int = 200            # messages one worker takes per round
    lease_seconds: float = 120.0      # a claimed message is due again after this (worker died)
    base_delay_seconds: float = 10.0  # first retry; doubles per attempt, with jitter
    max_delay_seconds: float = 3600.0
    held_delay_seconds: float = 3600.0  # wait after 'wrong credentials'
    breaker_threshold: int = 5        # consecutive failures that open a target's circuit
    breaker_cooldown_seconds: float = 60.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> OutboxConfig:
        env = dict(os.environ if env is None else env)
        defaults = cls()

        def number(name: str, default: float, cast: type = float):
            value = env.get(f"OUTBOX_{name}", "").strip()
            return cast(value) if value else default

        return cls(
            max_attempts=number("MAX_ATTEMPTS", defaults.max_attempts, int),
            batch_size=number("BATCH_SIZE", defaults.batch_size, int),
            claim_limit=number("CLAIM_LIMIT", defaults.claim_limit, int),
            lease_seconds=number("LEASE_SECONDS", defaults.lease_seconds),
            base_delay_seconds=number("BASE_DELAY_SECONDS", defaults.base_delay_seconds),
            max_delay_seconds=number("MAX_DELAY_SECONDS", defaults.max_delay_seconds),
            held_delay_seconds=number("HELD_DELAY_SECONDS", defaults.held_delay_seconds),
            breaker_threshold=number("BREAKER_THRESHOLD", defaults.breaker_threshold, int),
            breaker_cooldown_seconds=number("BREAKER_COOLDOWN_SECONDS",
                                            defaults.breaker_cooldown_seconds),
        )
