"""Development LMS: an LTI 1.3 platform under ``/devlms`` that launches the tool like Moodle.

It keeps its own state in ``devlms_*`` tables and registers itself in the tool's
tables, so ``make run`` and the test suite can launch the tool end to end.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from . import ags, faults, nrps, oidc, scores, token, views
from .keys import ensure_key
from .models import DevBase
from .seed import seed_devlms
from .setup import register_devlms
from .state import DevLmsState

__all__ = ["init_devlms", "register_devlms"]


def init_devlms(app: Flask) -> None:
    """Create the devlms tables and demo data, register it with the tool, mount the routes."""
    db = app.extensions["db"]
    DevBase.metadata.create_all(db.engine)
    register_devlms(db, app.extensions["settings"])
    with db.session() as session:
        ensure_key(session)
        seed_devlms(session)
    app.extensions["devlms"] = DevLmsState()
    bp = Blueprint("devlms", __name__, url_prefix="/devlms")
    for child in (views.bp, oidc.bp, token.bp, ags.bp, scores.bp, nrps.bp, faults.bp):
        bp.register_blueprint(child)
    app.register_blueprint(bp)
