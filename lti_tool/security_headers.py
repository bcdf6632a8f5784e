"""Headers on every response: what the browser may load, who may frame us, what may be cached.

The LTI pages live in the LMS's iframe, so they may be framed by any site (the LMS is not
known in advance); the admin pages override that (:mod:`lti_tool.admin.auth`). Nearly every
page shows someone's progress, answers or name, so a response is ``no-store`` unless it says
otherwise itself: static files (revalidated), the brand stylesheet and the JWKS (public).

Inline styles are refused, except the exact texts a page declares with
:func:`allow_inline_style` (the critical CSS of :mod:`lti_tool.page_style`): their sha256
hashes join ``style-src`` of that response's policy, whichever policy it carries. Never
``'unsafe-inline'``.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from flask import Flask, Response, g

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: https:; media-src 'self'; "
    "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'"
)
STYLE_SRC = "style-src 'self'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Links inside the tool carry the launch token: never leak it in a Referer.
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors *",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=512)
def style_source(css: str) -> str:
    """The CSP source expression that allows exactly this ``<style>`` text."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def allow_inline_style(source: str) -> None:
    """Let this response's page carry the ``<style>`` whose hash is ``source``."""
    allowed = g.setdefault("inline_style_sources", [])
    if source not in allowed:
        allowed.append(source)


def with_style_sources(policy: str, sources: list[str]) -> str:
    """``policy`` with ``sources`` added to its ``style-src 'self'`` (left alone without one:
    a stricter policy, such as a sandboxed file's, stays as strict)."""
    return policy.replace(STYLE_SRC, " ".join([STYLE_SRC, *sources]), 1)


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        sources = g.get("inline_style_sources")
        if sources:
            response.headers["Content-Security-Policy"] = with_style_sources(
                response.headers["Content-Security-Policy"], sources)
        return response
