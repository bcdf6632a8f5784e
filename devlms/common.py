"""Helpers the devlms views share."""

from __future__ import annotations

from flask import Response, render_template, request

from lti_tool.web import db_session, settings

from .platform import DevLmsPlatform
from .state import devlms_state
from .tools import ToolRecord


def platform(tool: ToolRecord | None = None) -> DevLmsPlatform:
    """The platform configuration for this request, speaking to ``tool`` (default: built-in)."""
    return DevLmsPlatform(session=db_session(), settings=settings(),
                          tool_keys=devlms_state().tool_keys, tool=tool)


def error_page(status: int, title: str, detail: str, check: str | None = None) -> Response:
    html = render_template("devlms/error.html", status=status, title=title, detail=detail,
                           check=check)
    return Response(html, status=status, mimetype="text/html")


STORAGE_COOKIE = "devlms_platform_storage"


def storage_offered() -> bool:
    """Offer platform storage in this launch? In order: ``?platform_storage=0|1``, this
    browser's ``devlms_platform_storage`` cookie (the browserless client sets ``0``: it
    runs no JavaScript), then the devlms-wide setting (on unless switched off)."""
    for flag in (request.args.get("platform_storage"), request.cookies.get(STORAGE_COOKIE)):
        if flag is not None and flag.strip():
            return flag.strip().lower() not in {"0", "false", "no", "off"}
    return devlms_state().platform_storage
