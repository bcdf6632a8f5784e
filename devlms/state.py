"""Per-process devlms state kept in ``app.extensions["devlms"]``."""

from __future__ import annotations

import threading
from collections import deque

from flask import current_app

from .constants import ORGANISATION_SLUG
from .toolkeys import ToolKeyCache

LINK_REL_STYLES = ("quoted", "unquoted")


class DevLmsState:
    """Process-wide switches (see ``POST /devlms/_test/settings``) and caches."""

    def __init__(self) -> None:
        # The tool's organisation the devlms registered itself in (``lti-tool seed`` reads it).
        self.organisation_slug = ORGANISATION_SLUG
        self.tool_keys = ToolKeyCache()
        # Offer LTI platform storage (``lti_storage_target``) in login initiations.
        self.platform_storage = True
        # NRPS ``Link`` header: ``rel="next"`` (quoted) or ``rel=next`` (unquoted).
        self.link_rel_style = "quoted"
        self._faults: deque[int] = deque()
        self._lock = threading.Lock()

    def queue_score_faults(self, statuses: list[int]) -> None:
        with self._lock:
            self._faults.extend(statuses)

    def next_score_fault(self) -> int | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None


def devlms_state() -> DevLmsState:
    return current_app.extensions["devlms"]
