"""``/devlms/auth``: the OIDC authorization endpoint that answers with the id_token."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from .common import error_page, platform
from .launch import AuthRequestError, DevLmsLaunch
from .platform import FlaskRequest
from .tools import find_tool

log = logging.getLogger(__name__)
bp = Blueprint("oidc", __name__)


@bp.route("/auth", methods=["GET", "POST"])
def auth() -> Response:
    conf = platform()
    client_id = request.values.get("client_id") or None
    tool = find_tool(conf.session, conf.settings, client_id)
    if tool is None:
        return error_page(400, "Inloggen bij de tool geweigerd",
                          f"client_id {client_id!r} is bij dit LMS niet geregistreerd.",
                          "client_id")
    if not tool.active:
        return error_page(403, "Tool nog niet geactiveerd",
                          "Een beheerder moet deze tool eerst activeren.", "tool_status")
    conf = platform(tool)
    launch = DevLmsLaunch(FlaskRequest(request), conf)
    try:
        html = launch.lti_launch()
    except AuthRequestError as exc:
        log.info("devlms auth request refused", extra={"check": exc.check})
        return error_page(400, "Inloggen bij de tool geweigerd", exc.message, exc.check)
    conf.session.commit()
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
