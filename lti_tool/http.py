"""Outbound HTTP: every call has a timeout and says who we are."""

from __future__ import annotations

from typing import Any

import requests

USER_AGENT = "werkbegeleiding-lti/0.1 (+https://github.com/werkbegeleiding)"
DEFAULT_TIMEOUT = (5, 20)  # connect, read (seconds)


class OutboundSession(requests.Session):
    def __init__(self, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT
        self._timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, *args, **kwargs)
