"""The trainer's overview: who is in the course, how far they are, and grade problems."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from flask_babel import gettext as _

from .. import web
from ..content import get_course
from ..i18n import decimal_mark
from ..numbers import format_number
from . import bp, gradebook
from .roster import build_roster

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.get("/")
@web.requires_instructor
def overview():
    course = get_course(web.settings())
    session = web.db_session()
    roster = build_roster(session, web.current_launch(), course, web.egress_policy(),
                          with_gradebook=True)
    session.commit()  # what the gradebook said about each module's column is remembered
    return render_template("dashboard/overview.html", roster=roster, course=course,
                           reasons=reason_texts(), number=lambda value: format_number(
                               value, decimal_mark()))


def reason_texts() -> dict[str, str]:
    """Why a learner's grade in the LMS differs from the tool's, in plain words."""
    return {
        gradebook.PENDING_REASON: _("Het cijfer wacht nog op verzending naar de leeromgeving."),
        gradebook.REFUSED: _("De leeromgeving heeft het cijfer geweigerd."),
        gradebook.OVERWRITTEN: _("Het cijfer is in de leeromgeving aangepast, bijvoorbeeld door een docent."),
        gradebook.NOT_SENT: _("Niet verstuurd: de cursus had toen geen eigen activiteit voor deze module."),
        gradebook.NEWER_IN_LMS: _("De leeromgeving had al een nieuwer cijfer."),
        gradebook.UNKNOWN: _("De oorzaak is niet bekend."),
    }


@bp.get("/voortgang.csv")
@web.requires_instructor
def export_csv() -> Response:
    course = get_course(web.settings())
    roster = build_roster(web.db_session(), web.current_launch(), course, web.egress_policy())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["naam", "platform_user_id", *[f"{m.id} (status)" for m in course.modules],
                     *[f"{m.id} (score)" for m in course.modules]])
    for row in roster.rows:
        statuses = [row.progress[m.id].status if m.id in row.progress else "" for m in course.modules]
        scores = [_score(row.progress.get(m.id)) for m in course.modules]
        writer.writerow([safe_cell(row.name or ""), safe_cell(row.user_id), *statuses, *scores])
    response = Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="voortgang.csv"'
    return response


def _score(progress) -> str:  # type: ignore[no-untyped-def]
    if progress is None or progress.score_given is None:
        return ""
    return f"{progress.score_given:g}"


def safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    return "'" + value if value.startswith(FORMULA_START) else value
