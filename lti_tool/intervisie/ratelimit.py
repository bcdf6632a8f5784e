"""How often a join code may be tried (per person and per client network) and how much a
member may write (a runaway script or a stuck key, not a lively group)."""

from __future__ import annotations

from datetime import timedelta

from ..ratelimit import Rule, Window

JOIN_PERSON = Rule("intervisie-join", (Window(10, timedelta(minutes=15)),))
JOIN_NETWORK = Rule("intervisie-join-network", (Window(30, timedelta(minutes=15)),
                                                Window(200, timedelta(days=1))))
WRITE = Rule("intervisie-write", (Window(120, timedelta(minutes=10)),))
