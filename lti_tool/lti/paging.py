"""Reading a paged LTI Advantage container (AGS line items and results, NRPS members):
each page names the next one in an RFC 8288 ``Link: <...>; rel="next"`` header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import requests

_LINK = re.compile(r'<([^>]*)>\s*((?:;\s*[^;,]+)*)')


def next_link(header: str) -> str | None:
    """The rel=next target of an RFC 8288 Link header; ``rel`` may be quoted or not."""
    for match in _LINK.finditer(header or ""):
        for param in match.group(2).split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
                return match.group(1)
    return None


def pages(http: requests.Session, url: str, token: str, media_type: str, max_pages: int,
          params: dict | None = None) -> Iterator[Any]:
    """The JSON body of each page, at most ``max_pages``; ``params`` go with the first
    request only (the next-page links carry their own). Raises ``requests.RequestException``
    for an error answer and ``ValueError`` for a body that is not JSON."""
    next_url: str | None = url
    for _page in range(max_pages):
        if next_url is None:
            return
        response = http.get(next_url, params=params,
                            headers={"Authorization": f"Bearer {token}", "Accept": media_type})
        params = None
        response.raise_for_status()
        yield response.json()
        next_url = next_link(response.headers.get("Link", ""))
