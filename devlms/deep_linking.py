"""Deep Linking 2.0, platform side: the instructor picks content in the tool.

``/course/<context>/deep-link`` frames the tool with an LtiDeepLinkingRequest;
the tool answers by posting a signed ``JWT`` to ``/deep-linking/return`` (inside
that frame), which adds a placement per content item.
"""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from lti_tool.web import db_session, settings

from .common import error_page, platform, storage_offered
from .constants import DL_CLAIM, KIND_LABELS
from .dl_items import add_items, validate_items
from .dl_verify import DeepLinkError, verify_response
from .launch import start_deep_link_login
from .models import DevUser
from .people import current_user, requires_teacher
from .seed import course_by_context
from .state import devlms_state
from .views import launch_page, launchable_tool

log = logging.getLogger(__name__)
bp = Blueprint("deep_linking", __name__)
STAFF = {"instructor", "admin"}


@bp.get("/course/<context_id>/deep-link")
@requires_teacher
def start(context_id: str) -> Response | str:
    """The page framing the tool's content picker."""
    course = course_by_context(db_session(), context_id)
    if course is None:
        return error_page(404, "Cursus niet gevonden", f"Er is geen cursus {context_id}.")
    tool = launchable_tool(request.args.get("tool") or None)
    if isinstance(tool, Response):
        return tool
    storage = storage_offered()
    src = url_for(".initiate", context_id=context_id, tool=tool.client_id,
                  platform_storage=None if storage else "0")
    return launch_page(f"Inhoud toevoegen uit {tool.name}", context_id, src, tool, storage)


@bp.get("/course/<context_id>/deep-link/initiate")
@requires_teacher
def initiate(context_id: str) -> Response:
    """The frame's src: third-party initiated login for a deep linking request."""
    course = course_by_context(db_session(), context_id)
    user = current_user()
    if course is None or user is None:
        return error_page(404, "Cursus niet gevonden", f"Er is geen cursus {context_id}.")
    tool = launchable_tool(request.args.get("tool") or None)
    if isinstance(tool, Response):
        return tool
    return start_deep_link_login(platform(tool), user, course, storage=storage_offered())


@bp.post("/deep-linking/return")
def return_endpoint() -> Response:
    """The tool's LtiDeepLinkingResponse, posted as a form from inside the frame.

    No devlms cookie arrives here (a cross-site POST): the echoed, signed ``data``
    says which instructor asked in which course.
    """
    session = db_session()
    try:
        answer = verify_response(session, settings(), devlms_state().tool_keys,
                                 request.form.get("JWT", ""))
        course = course_by_context(session, answer.request.context_id)
        user = session.get(DevUser, answer.request.user)
        if course is None or user is None or user.kind not in STAFF:
            raise DeepLinkError("data", "the course or instructor of the request no longer exists")
        plans = validate_items(answer.items, answer.tool)
    except DeepLinkError as exc:
        session.rollback()
        log.info("devlms deep linking response refused", extra={"check": exc.check})
        return error_page(400, "Antwoord van de tool geweigerd", exc.message, exc.check)
    added = add_items(session, course, answer.tool, plans)
    session.commit()
    back = url_for("devlms.pages.course", context_id=course.context_id,
                   toegevoegd=len(added) if added else None)
    html = render_template(
        "devlms/deep_link_done.html", course=course, added=added, tool=answer.tool, back=back,
        message=answer.claims.get(DL_CLAIM + "msg"),
        error_message=answer.claims.get(DL_CLAIM + "errormsg"), user=None, labels=KIND_LABELS)
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
