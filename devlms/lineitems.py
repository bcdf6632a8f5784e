"""Line items as AGS JSON, and their validation."""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from lti_tool.settings import Settings

from . import urls
from .models import DevCourse, DevLineItem, DevPlacement
from .paging import BadRequestError
from .seed import placement_by_link


def lineitem_json(settings: Settings, item: DevLineItem) -> dict[str, t.Any]:
    data: dict[str, t.Any] = {
        "id": urls.lineitem_url(settings, item.course.context_id, item.id),
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceId": item.resource_id,
        "tag": item.tag,
        "resourceLinkId": item.placement.resource_link_id if item.placement else None,
        "startDateTime": item.start_date_time,
        "endDateTime": item.end_date_time,
    }
    return {name: value for name, value in data.items() if value is not None}


def apply_lineitem(session: Session, course: DevCourse, item: DevLineItem, body: t.Any) -> None:
    """Copy a validated AGS line item document onto ``item``; BadRequestError if invalid."""
    if not isinstance(body, dict):
        raise BadRequestError("the body must be a JSON object")
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        raise BadRequestError("label is required")
    maximum = body.get("scoreMaximum")
    if isinstance(maximum, bool) or not isinstance(maximum, int | float) or maximum <= 0:
        raise BadRequestError("scoreMaximum must be a number greater than 0")
    for name in ("resourceId", "tag", "resourceLinkId", "startDateTime", "endDateTime"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise BadRequestError(f"{name} must be a string")
    for name in ("startDateTime", "endDateTime"):
        if body.get(name):
            _iso8601(name, body[name])
    placement: DevPlacement | None = None
    if body.get("resourceLinkId"):
        placement = placement_by_link(session, body["resourceLinkId"])
        if placement is None or placement.course_id != course.id:
            raise BadRequestError("resourceLinkId is not a resource link in this context")
    item.label = label.strip()
    item.score_maximum = float(maximum)
    item.resource_id = body.get("resourceId") or None
    item.tag = body.get("tag") or None
    item.start_date_time = body.get("startDateTime") or None
    item.end_date_time = body.get("endDateTime") or None
    # Like Moodle, a PUT without resourceLinkId leaves the line item attached to its link.
    if "resourceLinkId" in body:
        item.placement_id = placement.id if placement else None


def _iso8601(name: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadRequestError(f"{name} must be an ISO 8601 date and time") from exc
    if parsed.tzinfo is None:
        raise BadRequestError(f"{name} must include a time zone")
    return parsed


def parse_timestamp(name: str, value: t.Any) -> datetime:
    """An ISO 8601 time with zone, as UTC (SQLite would silently drop any other offset)."""
    if not isinstance(value, str):
        raise BadRequestError(f"{name} must be an ISO 8601 string")
    return _iso8601(name, value).astimezone(UTC)
