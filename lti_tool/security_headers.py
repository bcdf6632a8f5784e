"""Headers on every response: what the browser may load, who may frame us, what may be cached.

The LTI pages live in the LMS's iframe, so they may be framed by any site (the LMS is not
known in advance); the admin pages override that (:mod:`lti_tool.admin.auth`). Nearly every
page shows someone's progress, answers or name, so a response is ``no-store`` unless it says
otherwise itself: static files (revalidated), the brand stylesheet and the JWKS (public).
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: https:; media-src 'self'; "
    "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Links inside the tool carry the launch token: never leak it in a Referer.
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors *",
    "Cache-Control": "no-store",
}


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
