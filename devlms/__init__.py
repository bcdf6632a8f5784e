"""Development LMS: an LTI 1.3 platform under ``/devlms`` that launches the tool like Moodle.

Not part of the product: the tool's app factory mounts it (:func:`init_devlms`) only in a
development install with ``DEVLMS_ENABLED`` on. It keeps its own state in ``devlms_*``
tables with their own migrations, and registers itself with the tool through the tool's
public registration function, as an operator would; so ``make run`` and the test suite
can launch the tool end to end.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response

from . import (
    admin,
    ags,
    column_views,
    deep_linking,
    faults,
    nrps,
    oidc,
    registration,
    scores,
    token,
    views,
)
from .keys import ensure_key
from .migrate import upgrade
from .seed import seed_devlms
from .state import DevLmsState
from .tool_admin import register_devlms

__all__ = ["init_devlms", "register_devlms"]


def init_devlms(app: Flask) -> None:
    """Migrate the devlms tables, add the demo data, register it with the tool, mount the routes."""
    db = app.extensions["db"]
    upgrade(db.engine)
    register_devlms(db, app.extensions["settings"])
    with db.session() as session:
        ensure_key(session)
        seed_devlms(session)
    app.extensions["devlms"] = DevLmsState()
    bp = Blueprint("devlms", __name__, url_prefix="/devlms", template_folder="templates",
                   static_folder="static")
    for child in (views.bp, oidc.bp, token.bp, ags.bp, scores.bp, nrps.bp, faults.bp,
                  deep_linking.bp, registration.bp, admin.bp, column_views.bp):
        bp.register_blueprint(child)
    tool = urlsplit(app.extensions["settings"].base_url)
    policy = (f"default-src 'self'; frame-src 'self' {tool.scheme}://{tool.netloc}; "
              "img-src 'self' data:; object-src 'none'; base-uri 'none'")

    @bp.after_request
    def _frame_the_tool(response: Response) -> Response:
        """Like any LMS, the devlms pages may frame the tool (on its own origin).

        A view may set its own policy (the registration page frames any tool origin).
        """
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    app.register_blueprint(bp)
