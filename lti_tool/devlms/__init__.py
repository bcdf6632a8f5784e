"""Development LMS: an LTI 1.3 platform under ``/devlms`` that launches the tool like Moodle.

It keeps its own state in ``devlms_*`` tables and registers itself in the tool's
tables, so ``make run`` and the test suite can launch the tool end to end.
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
from .models import DevBase
from .schema import add_missing_columns
from .seed import seed_devlms
from .setup import register_devlms
from .state import DevLmsState

__all__ = ["init_devlms", "register_devlms"]


def init_devlms(app: Flask) -> None:
    """Create the devlms tables and demo data, register it with the tool, mount the routes."""
    db = app.extensions["db"]
    DevBase.metadata.create_all(db.engine)
    add_missing_columns(db.engine, DevBase.metadata)
    register_devlms(db, app.extensions["settings"])
    with db.session() as session:
        ensure_key(session)
        seed_devlms(session)
    app.extensions["devlms"] = DevLmsState()
    bp = Blueprint("devlms", __name__, url_prefix="/devlms")
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
