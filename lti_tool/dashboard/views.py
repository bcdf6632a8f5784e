"""The trainer's overview: who is in the course, how far they are, and grade problems."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template

from .. import web
from ..content import get_course
from . import bp
from .roster import build_roster

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.get("/")
@web.requires_instructor
def overview():
    course = get_course(web.settings())
    roster = build_roster(web.db_session(), web.current_launch(), course, web.egress_policy())
    return render_template("dashboard/overview.html", roster=roster, course=course)


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
