"""``limit``/``from`` paging with an RFC 8288 ``Link: <...>; rel="next"`` header (as Moodle)."""

from __future__ import annotations

import typing as t
from urllib.parse import urlencode

from flask import Response, jsonify, request

T = t.TypeVar("T")


class BadRequestError(Exception):
    """A client error answered as ``400 {"error": message}``."""


def json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _non_negative(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise BadRequestError(f"{name} must be a non-negative integer")
    return int(raw)


def paginate(items: list[T], base_url: str,
             rel_style: str = "quoted") -> tuple[list[T], str | None]:
    """This request's page of ``items`` and the Link header for the next page, if any.

    ``rel_style`` ``"unquoted"`` writes ``rel=next`` (also valid RFC 8288) instead of
    ``rel="next"``, so a client's parser can be tested with both forms.
    """
    limit = _non_negative("limit")
    start = _non_negative("from") or 0
    if limit == 0:
        raise BadRequestError("limit must be at least 1")
    if limit is None:
        return items[start:], None
    page = items[start:start + limit]
    if start + limit >= len(items):
        return page, None
    params = request.args.to_dict()
    params.update({"limit": str(limit), "from": str(start + limit)})
    rel = "rel=next" if rel_style == "unquoted" else 'rel="next"'
    return page, f"<{base_url}?{urlencode(params)}>; {rel}"


def media_type_is(expected: str) -> bool:
    return (request.mimetype or "").lower() == expected
