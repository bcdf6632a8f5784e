"""``POST /devlms/_test/faults``: make the next score POSTs fail, to test retries."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ..web import settings
from .paging import json_error
from .state import devlms_state

bp = Blueprint("faults", __name__, url_prefix="/_test")


@bp.post("/faults")
def queue_faults() -> Response:
    """Body ``{"scores": [500, 429, ...]}``: the next score POSTs answer these statuses."""
    if settings().is_production and not current_app.testing:
        return json_error(404, "not found")
    body = request.get_json(silent=True)
    statuses = body.get("scores") if isinstance(body, dict) else None
    if not isinstance(statuses, list) or not all(
            isinstance(code, int) and not isinstance(code, bool) and 400 <= code <= 599
            for code in statuses):
        return json_error(400, 'expected {"scores": [<HTTP error status>, ...]}')
    devlms_state().queue_score_faults(statuses)
    return jsonify({"queued": statuses})
