"""Intervisie: werkbegeleiders learn from each other's cases, in a small group.

Blueprint ``intervisie`` under ``/intervisie`` (needs a launch). Members reach their
groups and sessions; a trainer forms groups from the roster and sees who took part, never
what was said (403 on every content route). Cases and contributions never go to the LMS
or the LRS: those learn only that a member completed a session.
"""

from flask import Blueprint, Response, g
from markupsafe import Markup

bp = Blueprint("intervisie", __name__, url_prefix="/intervisie")


@bp.after_request
def _private(response: Response) -> Response:
    """Cases are personal: never indexed (and, like every page, never cached)."""
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.context_processor
def _launch_field() -> dict:
    """``token_field``: the hidden launch token every form carries (it is the CSRF token too)."""
    return {"token_field": Markup('<input type="hidden" name="lt" value="{}">').format(
        g.get("launch_token", ""))}


from . import entry, group_views, practice_views, session_views, trainer_views  # noqa: E402,F401,I001

entry.register_content_items()
