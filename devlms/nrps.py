"""NRPS 2.0 context membership service: ``/devlms/nrps/<context>/memberships``."""

from __future__ import annotations

import typing as t

from flask import Blueprint, Response, request

from lti_tool.web import db_session, settings

from . import urls
from .ags import media_response
from .bearer import requires_scope
from .constants import MEMBERSHIP, MEMBERSHIPS_MEDIA, ROLES_BY_KIND, SCOPE_NRPS
from .grades import course_members
from .models import DevUser
from .paging import BadRequestError, json_error, paginate
from .seed import course_by_context
from .state import LINK_REL_STYLES, devlms_state

bp = Blueprint("nrps", __name__, url_prefix="/nrps/<context_id>")


def context_roles(user: DevUser) -> list[str]:
    """Only the roles a person has in the course (system roles stay in the launch)."""
    return [role for role in ROLES_BY_KIND[user.kind] if role.startswith(MEMBERSHIP)]


def _has_role(user: DevUser, wanted: str) -> bool:
    """``role`` may be the full LIS URI or its short name (``Learner``)."""
    return any(wanted in {role, role.rsplit("#", 1)[-1]} for role in context_roles(user))


def _member(user: DevUser) -> dict[str, t.Any]:
    data = {"status": "Active", "user_id": user.username, "roles": context_roles(user),
            "name": user.name, "given_name": user.given_name,
            "family_name": user.family_name, "email": user.email}
    return {name: value for name, value in data.items() if value}


@bp.get("/memberships")
@requires_scope(SCOPE_NRPS)
def memberships(context_id: str) -> Response:
    course = course_by_context(db_session(), context_id)
    if course is None:
        return json_error(404, "context not found")
    members = [user for user in course_members(db_session(), course) if context_roles(user)]
    if request.args.get("role"):
        members = [user for user in members if _has_role(user, request.args["role"])]
    url = urls.memberships_url(settings(), context_id)
    rel_style = request.args.get("link_rel_style") or devlms_state().link_rel_style
    if rel_style not in LINK_REL_STYLES:
        return json_error(400, "link_rel_style must be quoted or unquoted")
    try:
        page, link = paginate(members, url, rel_style)
    except BadRequestError as exc:
        return json_error(400, str(exc))
    body = {"id": url,
            "context": {"id": course.context_id, "label": course.label, "title": course.title},
            "members": [_member(user) for user in page]}
    response = media_response(body, MEMBERSHIPS_MEDIA)
    if link:
        response.headers["Link"] = link
    return response
