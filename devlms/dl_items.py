"""Turning the tool's ltiResourceLink content items into placements and line items."""

from __future__ import annotations

import math
import typing as t
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .dl_verify import DeepLinkError
from .models import DevCourse, DevLineItem, DevPlacement
from .seed import create_placement
from .tools import ToolRecord, origin_of

ACCEPTED_TYPES = ("ltiResourceLink",)
DEFAULT_TITLE = "Activiteit uit de tool"


@dataclass
class AddedItem:
    placement: DevPlacement
    line_item: DevLineItem | None


def _optional_string(item: dict, name: str, index: int) -> str | None:
    value = item.get(name)
    if value is not None and not isinstance(value, str):
        raise DeepLinkError("content_items", f"item {index + 1}: {name} must be a string")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _custom(item: dict, index: int) -> dict[str, str]:
    custom = item.get("custom", {})
    if not isinstance(custom, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in custom.items()):
        raise DeepLinkError("content_items",
                            f"item {index + 1}: custom must be an object of strings")
    return dict(custom)


def _line_item(item: dict, index: int, title: str) -> dict[str, t.Any] | None:
    spec = item.get("lineItem")
    if spec is None:
        return None
    where = f"item {index + 1}: lineItem"
    if not isinstance(spec, dict):
        raise DeepLinkError("content_items", f"{where} must be an object")
    maximum = spec.get("scoreMaximum")
    if (isinstance(maximum, bool) or not isinstance(maximum, int | float)
            or not math.isfinite(maximum) or maximum <= 0):
        raise DeepLinkError("content_items", f"{where}.scoreMaximum must be a number above 0")
    fields = {name: _optional_string(spec, name, index) for name in ("label", "resourceId", "tag")}
    return {"label": fields["label"] or title, "score_maximum": float(maximum),
            "resource_id": fields["resourceId"], "tag": fields["tag"]}


def validate_items(items: list[t.Any], tool: ToolRecord) -> list[dict[str, t.Any]]:
    """Every item checked before anything is created: a bad response adds nothing."""
    plans = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise DeepLinkError("content_items", f"item {index + 1} is not an object")
        if item.get("type") not in ACCEPTED_TYPES:
            raise DeepLinkError("content_items", f"item {index + 1}: type "
                                f"{item.get('type')!r} is not accepted (only ltiResourceLink)")
        url = _optional_string(item, "url", index)
        if url and origin_of(url) != tool.origin:
            raise DeepLinkError("content_items",
                                f"item {index + 1}: url must be on the tool's origin {tool.origin}")
        title = _optional_string(item, "title", index) or DEFAULT_TITLE
        plans.append({"title": title[:300], "text": _optional_string(item, "text", index),
                      "url": url, "custom": _custom(item, index),
                      "line_item": _line_item(item, index, title[:300])})
    return plans


def add_items(session: Session, course: DevCourse, tool: ToolRecord,
              plans: list[dict[str, t.Any]]) -> list[AddedItem]:
    added = []
    for plan in plans:
        placement = create_placement(
            session, course, title=plan["title"], custom=plan["custom"], text=plan["text"],
            tool_client_id=None if tool.builtin else tool.client_id,
            target_link_uri=plan["url"])
        line_item = None
        if plan["line_item"] is not None:
            line_item = DevLineItem(course_id=course.id, placement_id=placement.id,
                                    **plan["line_item"])
            session.add(line_item)
            session.flush()
        added.append(AddedItem(placement=placement, line_item=line_item))
    return added
