"""AGS 2.0 line item service: ``/devlms/ags/<context>/lineitems[/<id>]``."""

from __future__ import annotations

import json
import typing as t

from flask import Blueprint, Response, request
from sqlalchemy import select

from lti_tool.web import db_session, settings

from . import urls
from .bearer import requires_scope
from .constants import LINEITEM_MEDIA, LINEITEMS_MEDIA, SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY
from .lineitems import apply_lineitem, lineitem_json
from .models import DevCourse, DevLineItem, DevPlacement
from .paging import BadRequestError, json_error, media_type_is, paginate
from .seed import course_by_context

bp = Blueprint("ags", __name__, url_prefix="/ags/<context_id>")


def media_response(body: t.Any, media_type: str, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype=media_type)


def find_line_item(context_id: str, item_id: int) -> tuple[DevCourse, DevLineItem] | None:
    course = course_by_context(db_session(), context_id)
    item = db_session().get(DevLineItem, item_id)
    if course is None or item is None or item.course_id != course.id:
        return None
    return course, item


def line_item_to_write(context_id: str, item_id: int,
                       media_type: str) -> tuple[DevCourse, DevLineItem] | Response:
    """The line item a PUT or POST writes to, or the error a platform answers: 404 when it
    is not in this context, 415 when the body is not ``media_type``."""
    found = find_line_item(context_id, item_id)
    if found is None:
        return json_error(404, "line item not found")
    if not media_type_is(media_type):
        return json_error(415, f"Content-Type must be {media_type}")
    return found


@bp.get("/lineitems")
@requires_scope(SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY)
def list_lineitems(context_id: str) -> Response:
    session = db_session()
    course = course_by_context(session, context_id)
    if course is None:
        return json_error(404, "context not found")
    query = select(DevLineItem).where(DevLineItem.course_id == course.id).order_by(DevLineItem.id)
    if request.args.get("resource_link_id"):
        query = query.join(DevPlacement).where(
            DevPlacement.resource_link_id == request.args["resource_link_id"])
    if request.args.get("resource_id"):
        query = query.where(DevLineItem.resource_id == request.args["resource_id"])
    if request.args.get("tag"):
        query = query.where(DevLineItem.tag == request.args["tag"])
    try:
        items, link = paginate(list(session.scalars(query)), urls.lineitems_url(settings(), context_id))
    except BadRequestError as exc:
        return json_error(400, str(exc))
    response = media_response([lineitem_json(settings(), item) for item in items], LINEITEMS_MEDIA)
    if link:
        response.headers["Link"] = link
    return response


@bp.post("/lineitems")
@requires_scope(SCOPE_LINEITEM)
def create_lineitem(context_id: str) -> Response:
    session = db_session()
    course = course_by_context(session, context_id)
    if course is None:
        return json_error(404, "context not found")
    if not media_type_is(LINEITEM_MEDIA):
        return json_error(415, f"Content-Type must be {LINEITEM_MEDIA}")
    item = DevLineItem(course_id=course.id)
    try:
        apply_lineitem(session, course, item, request.get_json(force=True, silent=True))
    except BadRequestError as exc:
        return json_error(400, str(exc))
    session.add(item)
    session.commit()
    return media_response(lineitem_json(settings(), item), LINEITEM_MEDIA, 201)


@bp.get("/lineitems/<int:item_id>")
@requires_scope(SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY)
def get_lineitem(context_id: str, item_id: int) -> Response:
    found = find_line_item(context_id, item_id)
    if found is None:
        return json_error(404, "line item not found")
    return media_response(lineitem_json(settings(), found[1]), LINEITEM_MEDIA)


@bp.put("/lineitems/<int:item_id>")
@requires_scope(SCOPE_LINEITEM)
def update_lineitem(context_id: str, item_id: int) -> Response:
    found = line_item_to_write(context_id, item_id, LINEITEM_MEDIA)
    if isinstance(found, Response):
        return found
    course, item = found
    try:
        apply_lineitem(db_session(), course, item, request.get_json(force=True, silent=True))
    except BadRequestError as exc:
        return json_error(400, str(exc))
    db_session().commit()
    return media_response(lineitem_json(settings(), item), LINEITEM_MEDIA)


@bp.delete("/lineitems/<int:item_id>")
@requires_scope(SCOPE_LINEITEM)
def delete_lineitem(context_id: str, item_id: int) -> Response:
    found = find_line_item(context_id, item_id)
    if found is None:
        return json_error(404, "line item not found")
    db_session().delete(found[1])
    db_session().commit()
    return Response(status=204)
