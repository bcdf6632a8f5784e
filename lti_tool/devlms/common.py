"""Helpers the devlms views share."""

from __future__ import annotations

from flask import Response, render_template

from ..web import db_session, settings
from .platform import DevLmsPlatform
from .state import devlms_state


def platform() -> DevLmsPlatform:
    """The platform configuration for this request."""
    return DevLmsPlatform(session=db_session(), settings=settings(),
                          tool_keys=devlms_state().tool_keys)


def error_page(status: int, title: str, detail: str, check: str | None = None) -> Response:
    html = render_template("devlms/error.html", status=status, title=title, detail=detail,
                           check=check)
    return Response(html, status=status, mimetype="text/html")
