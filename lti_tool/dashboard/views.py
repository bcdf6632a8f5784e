"""The trainer's overview: who is in the course, how far they are, and grade problems."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, render_template, request
from flask_babel import gettext as _

from .. import web
from ..content import get_course
from ..content.zelfscan_loader import frameworks_for
from ..i18n import decimal_mark, page_language
from ..numbers import format_number
from ..zelfscan.common import day
from ..zelfscan.group import MIN_GROUP
from . import bp, gradebook
from .export import progress_csv, status_text, style_for
from .leerlijn import leerlijn_overview
from .roster import build_roster
from .zelfscan import participation

# The SCORM and Common Cartridge downloads (``/export``, for staff): linked by path, so the
# overview does not depend on which blueprint serves them.
EXPORT_PATH = "/export"


@bp.get("/")
@web.requires_instructor
def overview():
    course = get_course(web.settings())
    session, launch = web.db_session(), web.current_launch()
    roster = build_roster(session, launch, course, web.egress_policy(), with_gradebook=True)
    session.commit()  # what the gradebook said about each module's column is remembered
    frameworks = list(frameworks_for(course).values())
    taken = participation(session, launch)
    check = roster.gradebook
    return render_template(
        "dashboard/overview.html", roster=roster, course=course, reasons=reason_texts(),
        frameworks=frameworks, taken=taken, min_group=MIN_GROUP, day=day,
        scanned_by={fw.id: sum(1 for row in roster.rows if (row.user_id, fw.id) in taken)
                    for fw in frameworks},
        no_column=[module for module in course.modules if check is not None and check.state == "ok"
                   and not check.has_column(module.id)],
        status_text=status_text, export_url=_export_url(),
        leerlijn=leerlijn_overview(session, launch, course, roster.rows),
        number=lambda value: format_number(value, decimal_mark()))


def _export_url() -> str:
    return f"{request.script_root}{EXPORT_PATH}?{urlencode({web.TOKEN_PARAM: web.launch_token()})}"


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
    """In the page's language: ``;`` and ``2,5`` for Dutch Excel, ``,`` and ``2.5`` for English."""
    course = get_course(web.settings())
    session, launch = web.db_session(), web.current_launch()
    roster = build_roster(session, launch, course, web.egress_policy())
    language = page_language()
    body = progress_csv(course, roster, frameworks_for(course).values(), participation(session, launch),
                        style_for(language))
    response = Response(body, mimetype="text/csv; charset=utf-8")
    filename = "progress.csv" if language == "en" else "voortgang.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
