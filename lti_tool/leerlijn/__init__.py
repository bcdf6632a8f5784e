"""The blended leerlijn around the modules.

Two blueprints:

* ``leerlijn`` under ``/leerlijn`` (needs a launch): bijeenkomsten (planning, calendar file,
  check-in, attendance), praktijkopdrachten (the werkbegeleider's work, the feedback link),
  the trainer material (staff only) and where the learner stands.
* ``leerlijn_feedback`` under ``/f/<invite>`` (no launch): the praktijkopleider or teamleider
  answers a few questions about one praktijkopdracht.

Completion is decided in ``completion.on_leerlijn_completed`` (once per learner and course).
"""

from flask import Blueprint, Response, g
from markupsafe import Markup

bp = Blueprint("leerlijn", __name__, url_prefix="/leerlijn")
feedback_bp = Blueprint("leerlijn_feedback", __name__, url_prefix="/f/<invite>")


def _private(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex"
    return response


bp.after_request(_private)
feedback_bp.after_request(_private)


@bp.context_processor
def _launch_field() -> dict:
    """``token_field``: the launch token every form carries (it is the CSRF token too)."""
    return {"token_field": Markup('<input type="hidden" name="lt" value="{}">').format(
        g.get("launch_token", ""))}


from . import (  # noqa: E402,F401  (register the routes and the course-home status)
    assignment_views,
    course_home,
    feedback_views,
    home_views,
    session_views,
    trainer_views,
)

bp.app_context_processor(course_home.template_context)
course_home.register_content_items()
