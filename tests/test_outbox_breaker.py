"""Per-target circuit breakers, driven by a clock the test moves."""

from __future__ import annotations

from lti_tool.outbox.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreakers


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def breakers(clock: Clock) -> CircuitBreakers:
    return CircuitBreakers(threshold=3, cooldown=60, clock=clock)


def test_opens_after_threshold_consecutive_failures_only():
    clock = Clock()
    b = breakers(clock)
    b.record("lrs:1", ok=False)
    b.record("lrs:1", ok=False)
    b.record("lrs:1", ok=True)  # a success in between resets the count
    b.record("lrs:1", ok=False)
    b.record("lrs:1", ok=False)
    assert b.state("lrs:1") == CLOSED
    b.record("lrs:1", ok=False)
    assert b.state("lrs:1") == OPEN
    assert b.blocked() == {"lrs:1"}


def test_other_targets_keep_flowing():
    b = breakers(Clock())
    for _ in range(3):
        b.record("lrs:1", ok=False)
    b.record("ags:2", ok=False)
    assert b.state("ags:2") == CLOSED
    assert b.blocked() == {"lrs:1"}


def test_half_open_after_cooldown_allows_exactly_one_trial():
    clock = Clock()
    b = breakers(clock)
    for _ in range(3):
        b.record("lrs:1", ok=False)
    clock.now += 59.9
    assert b.trial_candidates() == []
    clock.now += 0.1
    assert b.state("lrs:1") == HALF_OPEN
    assert b.trial_candidates() == ["lrs:1"]
    b.start_trial("lrs:1")
    assert b.trial_candidates() == []  # one try at a time
    assert "lrs:1" in b.blocked()      # and no bulk claims meanwhile


def test_trial_success_closes_the_circuit():
    clock = Clock()
    b = breakers(clock)
    for _ in range(3):
        b.record("lrs:1", ok=False)
    clock.now += 60
    b.start_trial("lrs:1")
    b.record("lrs:1", ok=True)
    assert b.state("lrs:1") == CLOSED
    assert b.blocked() == set()


def test_trial_failure_opens_again_for_a_full_cooldown():
    clock = Clock()
    b = breakers(clock)
    for _ in range(3):
        b.record("lrs:1", ok=False)
    clock.now += 60
    b.start_trial("lrs:1")
    b.record("lrs:1", ok=False)  # one failure suffices in half-open
    assert b.state("lrs:1") == OPEN
    clock.now += 59
    assert b.state("lrs:1") == OPEN
    clock.now += 1
    assert b.state("lrs:1") == HALF_OPEN
