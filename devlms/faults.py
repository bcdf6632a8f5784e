"""Test hooks: ``POST /devlms/_test/faults`` makes the next score POSTs fail (to test
retries); ``POST /devlms/_test/settings`` flips platform storage and the NRPS Link style."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from lti_tool.web import settings

from .paging import json_error
from .state import LINK_REL_STYLES, devlms_state

bp = Blueprint("faults", __name__, url_prefix="/_test")


def _closed() -> bool:
    return settings().is_production and not current_app.testing


@bp.post("/faults")
def queue_faults() -> Response:
    """Body ``{"scores": [500, 429, ...]}``: the next score POSTs answer these statuses."""
    if _closed():
        return json_error(404, "not found")
    body = request.get_json(silent=True)
    statuses = body.get("scores") if isinstance(body, dict) else None
    if not isinstance(statuses, list) or not all(
            isinstance(code, int) and not isinstance(code, bool) and 400 <= code <= 599
            for code in statuses):
        return json_error(400, 'expected {"scores": [<HTTP error status>, ...]}')
    devlms_state().queue_score_faults(statuses)
    return jsonify({"queued": statuses})


@bp.post("/settings")
def change_settings() -> Response:
    """Body ``{"platform_storage": bool, "link_rel_style": "quoted"|"unquoted"}`` (both
    optional): process-wide defaults until changed again. Answers the current values."""
    if _closed():
        return json_error(404, "not found")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, "expected a JSON object")
    storage, style = body.get("platform_storage"), body.get("link_rel_style")
    if storage is not None and not isinstance(storage, bool):
        return json_error(400, "platform_storage must be true or false")
    if style is not None and style not in LINK_REL_STYLES:
        return json_error(400, "link_rel_style must be quoted or unquoted")
    state = devlms_state()
    if storage is not None:
        state.platform_storage = storage
    if style is not None:
        state.link_rel_style = style
    return jsonify({"platform_storage": state.platform_storage,
                    "link_rel_style": state.link_rel_style})
