"""One gradebook column: its full history, and a teacher changing a learner's grade.

Moodle keeps a grade history per column and lets a teacher override a grade; the
devlms does the same, so tests can see every write (an overwrite shows) and the
tool's overview can be checked against a grade the tool did not send.
"""

from __future__ import annotations

import math

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from lti_tool.web import db_session

from .common import error_page
from .constants import KIND_LABELS
from .grades import column_history, course_members, latest_scores
from .models import TEACHER, DevLineItem, DevScore, utcnow
from .people import current_user, requires_teacher
from .seed import is_enrolled

bp = Blueprint("columns", __name__, url_prefix="/gradebook/column")


def _item(item_id: int) -> DevLineItem | None:
    return db_session().get(DevLineItem, item_id)


@bp.get("/<int:item_id>")
@requires_teacher
def column(item_id: int) -> Response | str:
    session = db_session()
    item = _item(item_id)
    if item is None:
        return error_page(404, "Cijferkolom niet gevonden", f"Er is geen cijferkolom {item_id}.")
    learners = course_members(session, item.course, kind="learner")
    return render_template("devlms/gradebook_column.html", item=item, learners=learners,
                           history=column_history(session, item),
                           grades=latest_scores(session, [item]), user=current_user(),
                           labels=KIND_LABELS)


@bp.post("/<int:item_id>/grade")
@requires_teacher
def override(item_id: int) -> Response:
    """The teacher types a grade: it is the grade from now on, whatever the tool sends."""
    session = db_session()
    item = _item(item_id)
    if item is None:
        return error_page(404, "Cijferkolom niet gevonden", f"Er is geen cijferkolom {item_id}.")
    username = request.form.get("user", "")
    try:
        value = float(request.form.get("grade", "").replace(",", "."))
    except ValueError:
        value = math.nan
    if not is_enrolled(session, item.course, username):
        return error_page(400, "Onbekende deelnemer", "Kies een deelnemer uit deze cursus.", "user")
    if not math.isfinite(value) or not 0 <= value <= item.score_maximum:
        return error_page(400, "Ongeldig cijfer",
                          f"Geef een getal van 0 tot en met {item.score_maximum:g}.", "grade")
    session.add(DevScore(line_item_id=item.id, username=username, score_given=value,
                         score_maximum=item.score_maximum, activity_progress="Completed",
                         grading_progress="FullyGraded", timestamp=utcnow(), source=TEACHER,
                         comment=f"Aangepast door {current_user().name}"))  # type: ignore[union-attr]
    session.commit()
    return redirect(url_for(".column", item_id=item.id), code=303)
