"""The devlms's pages: choose who you are, the course, the launch iframe, the gradebook."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from lti_tool.web import db_session, settings

from .common import error_page, platform, storage_offered
from .constants import KIND_LABELS
from .grades import course_line_items, course_members, latest_scores, recent_scores
from .keys import public_key_set
from .launch import start_login
from .models import DevPlacement, DevUser
from .people import current_user, remember_user, requires_teacher, requires_user
from .seed import COURSE_CONTEXT_ID, add_placement, course_by_context, placement_by_link
from .tools import ToolRecord, active_tools, find_tool

bp = Blueprint("pages", __name__)


@bp.get("/")
def start() -> str:
    users = db_session().scalars(select(DevUser).order_by(DevUser.kind, DevUser.username))
    return render_template("devlms/start.html", users=list(users), labels=KIND_LABELS,
                           user=current_user(), context_id=COURSE_CONTEXT_ID)


@bp.post("/login")
def login() -> Response:
    user = db_session().get(DevUser, request.form.get("user", ""))
    if user is None:
        return error_page(400, "Onbekende gebruiker", "Kies een van de gebruikers.", "user")
    response = redirect(url_for(".course", context_id=COURSE_CONTEXT_ID))
    return remember_user(response, user.username)


@bp.post("/logout")
def logout() -> Response:
    return remember_user(redirect(url_for(".start")), None)


@bp.get("/course/<context_id>")
@requires_user
def course(context_id: str) -> Response | str:
    session = db_session()
    found = course_by_context(session, context_id)
    if found is None:
        return error_page(404, "Cursus niet gevonden", f"Er is geen cursus {context_id}.")
    placements = session.scalars(
        select(DevPlacement).where(DevPlacement.course_id == found.id).order_by(DevPlacement.id))
    added = request.args.get("toegevoegd", "")
    return render_template("devlms/course.html", course=found, placements=list(placements),
                           tools=active_tools(session, settings()),
                           added=int(added) if added.isdigit() else None,
                           user=current_user(), labels=KIND_LABELS)


@bp.post("/course/<context_id>/placements")
@requires_teacher
def new_placement(context_id: str) -> Response:
    session = db_session()
    found = course_by_context(session, context_id)
    if found is None:
        return error_page(404, "Cursus niet gevonden", f"Er is geen cursus {context_id}.")
    tool = launchable_tool(request.form.get("tool") or None)
    if isinstance(tool, Response):
        return tool
    try:
        placement = add_placement(session, found, title=request.form.get("title", ""),
                                  content_item=request.form.get("content_item", ""),
                                  tool_client_id=None if tool.builtin else tool.client_id)
    except ValueError:
        return error_page(400, "Plaatsing niet toegevoegd",
                          "Vul zowel een titel als een content-item in.", "placement_form")
    session.commit()
    return redirect(url_for(".course", context_id=context_id,
                            _anchor="plaatsing-" + placement.resource_link_id))


def launchable_tool(client_id: str | None) -> ToolRecord | Response:
    """The tool to launch, or the error page: unknown, or pending until an admin activates it."""
    tool = find_tool(db_session(), settings(), client_id)
    if tool is None:
        return error_page(404, "Tool niet gevonden", f"Er is geen tool {client_id}.", "client_id")
    if not tool.active:
        return error_page(403, "Tool nog niet geactiveerd",
                          f"{tool.name} wacht op activering door een beheerder.", "tool_status")
    return tool


def launch_page(title: str, course_context: str, frame_src: str, tool: ToolRecord,
                storage: bool) -> str:
    """The page framing a launch; with platform storage it answers the tool's postMessages."""
    return render_template("devlms/launch.html", title=title, frame_src=frame_src, tool=tool,
                           storage=storage, course=course_by_context(db_session(), course_context),
                           user=current_user(), labels=KIND_LABELS)


@bp.get("/launch/<placement>")
@requires_user
def launch(placement: str) -> Response | str:
    found = placement_by_link(db_session(), placement)
    if found is None:
        return error_page(404, "Plaatsing niet gevonden", f"Er is geen plaatsing {placement}.")
    tool = launchable_tool(found.tool_client_id)
    if isinstance(tool, Response):
        return tool
    storage = storage_offered()
    src = url_for(".initiate", placement=found.resource_link_id,
                  platform_storage=None if storage else "0")
    return launch_page(found.title, found.course.context_id, src, tool, storage)


@bp.get("/launch/<placement>/initiate")
@requires_user
def initiate(placement: str) -> Response:
    """The iframe's src: starts the third-party initiated OIDC login at the tool."""
    found = placement_by_link(db_session(), placement)
    user = current_user()
    if found is None or user is None:
        return error_page(404, "Plaatsing niet gevonden", f"Er is geen plaatsing {placement}.")
    tool = launchable_tool(found.tool_client_id)
    if isinstance(tool, Response):
        return tool
    return start_login(platform(tool), user, found, storage=storage_offered())


@bp.get("/gradebook")
@requires_teacher
def gradebook() -> Response | str:
    session = db_session()
    found = course_by_context(session, request.args.get("context", COURSE_CONTEXT_ID))
    if found is None:
        return error_page(404, "Cursus niet gevonden", "Deze cursus bestaat niet.")
    line_items = course_line_items(session, found)
    return render_template(
        "devlms/gradebook.html", course=found, line_items=line_items,
        learners=course_members(session, found, kind="learner"),
        scores=latest_scores(session, line_items), recent=recent_scores(session, found),
        user=current_user(), labels=KIND_LABELS)


@bp.get("/jwks")
def jwks() -> Response:
    response = jsonify(public_key_set(db_session()))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response

