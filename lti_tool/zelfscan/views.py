"""Taking the zelfscan: start, one page per area (one question per screen on a phone,
with the optional script), save as you go, review and finish."""

from __future__ import annotations

from flask import redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import web
from ..content.zelfscan_model import Area, Framework
from ..errors import ProblemError
from ..models.zelfscan import OPEN, ZelfscanScan
from . import bp, store
from .common import content_lang, course, day, framework, module_ids


def _scan(fw: Framework, scan_id: int, *, writable: bool = False) -> ZelfscanScan:
    scan = store.own_scan(web.db_session(), web.current_launch(), fw.id, scan_id)
    if scan is None:
        raise ProblemError(404, _("Deze zelfscan bestaat niet"),
                           _("Ga terug naar het begin van de zelfscan."), check="zelfscan_scan")
    if writable and scan.status != OPEN:
        raise ProblemError(409, _("Deze zelfscan is al afgerond"),
                           _("Je antwoorden staan vast. Bekijk je resultaat."), check="zelfscan_done")
    return scan


def _area(fw: Framework, area_id: str) -> Area:
    area = fw.area(area_id)
    if area is None:
        raise ProblemError(404, _("Dit onderdeel bestaat niet"),
                           _("Ga terug naar het begin van de zelfscan."), check="zelfscan_area")
    return area


def _area_url(fw: Framework, scan: ZelfscanScan, index: int) -> str:
    index = min(max(index, 0), len(fw.areas) - 1)
    return web.launch_url("zelfscan.area", framework_id=fw.id, scan_id=scan.id,
                          area_id=fw.areas[index].id)


def _resume_index(fw: Framework, scan: ZelfscanScan) -> int:
    """Where the learner was; or the first area with an unanswered statement."""
    if scan.position:
        return min(scan.position, len(fw.areas) - 1)
    answered = scan.answer_values
    for index, area in enumerate(fw.areas):
        if any(s.id not in answered for s in area.statements):
            return index
    return 0


@bp.get("/<framework_id>")
@web.requires_launch
def start(framework_id: str) -> str:
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    done = store.completed_scans(session, launch, fw.id)
    current = store.open_scan(session, launch, fw.id)
    return render_template("zelfscan/start.html", fw=fw, done=done, current=current,
                           answered=len(current.answers) if current else 0,
                           total=len(fw.statements), next_from=store.next_scan_from(fw, done),
                           day=day, content_lang=content_lang(course()))


@bp.post("/<framework_id>/begin")
@web.requires_launch
def begin(framework_id: str) -> Response:
    fw = framework(framework_id)
    session = web.db_session()
    scan = store.start_scan(session, web.current_launch(), fw)
    if scan is None:
        return redirect(web.launch_url("zelfscan.start", framework_id=fw.id), code=303)
    session.commit()
    return redirect(_area_url(fw, scan, _resume_index(fw, scan)), code=303)


@bp.get("/<framework_id>/scan/<int:scan_id>/onderdeel/<area_id>")
@web.requires_launch
def area(framework_id: str, scan_id: int, area_id: str) -> Response | str:
    fw = framework(framework_id)
    scan = _scan(fw, scan_id)
    if scan.status != OPEN:
        return redirect(web.launch_url("zelfscan.result", framework_id=fw.id, scan=scan.id))
    current = _area(fw, area_id)
    index = fw.area_index(current.id)
    if scan.position != index:
        scan.position = index
        web.db_session().commit()
    return render_template("zelfscan/area.html", fw=fw, scan=scan, area=current, index=index,
                           answers=scan.answer_values, unknown=store.UNKNOWN,
                           content_lang=content_lang(course()))


@bp.post("/<framework_id>/scan/<int:scan_id>/onderdeel/<area_id>")
@web.requires_launch
def save_area(framework_id: str, scan_id: int, area_id: str) -> Response:
    fw = framework(framework_id)
    scan = _scan(fw, scan_id, writable=True)
    current = _area(fw, area_id)
    values = {s.id: request.form.get(f"s-{s.id}", "") for s in current.statements}
    store.save_answers(web.db_session(), scan, fw, values)
    index = fw.area_index(current.id)
    direction = request.form.get("richting", "volgende")
    if direction == "vorige":
        target = _area_url(fw, scan, index - 1)
    elif direction == "overzicht" or index + 1 >= len(fw.areas):
        target = web.launch_url("zelfscan.review", framework_id=fw.id, scan_id=scan.id)
    else:
        target = _area_url(fw, scan, index + 1)
    web.db_session().commit()
    return redirect(target, code=303)


@bp.post("/<framework_id>/scan/<int:scan_id>/antwoord")
@web.requires_launch
def save_one(framework_id: str, scan_id: int) -> Response:
    """One answer saved as it is given (the optional script); 204 without a body."""
    fw = framework(framework_id)
    scan = _scan(fw, scan_id, writable=True)
    statement_id = request.form.get("statement", "")
    if statement_id not in fw.statement_ids or not store.parse_value(request.form.get("value"))[0]:
        raise ProblemError(400, _("Onbekend antwoord"), check="zelfscan_answer")
    store.save_answers(web.db_session(), scan, fw, {statement_id: request.form.get("value", "")})
    web.db_session().commit()
    return Response(status=204)


@bp.get("/<framework_id>/scan/<int:scan_id>/overzicht")
@web.requires_launch
def review(framework_id: str, scan_id: int) -> Response | str:
    fw = framework(framework_id)
    scan = _scan(fw, scan_id)
    if scan.status != OPEN:
        return redirect(web.launch_url("zelfscan.result", framework_id=fw.id, scan=scan.id))
    answers = scan.answer_values
    counts = [(index, a, sum(1 for s in a.statements if s.id in answers))
              for index, a in enumerate(fw.areas)]
    return render_template("zelfscan/review.html", fw=fw, scan=scan, counts=counts,
                           answered=len(answers), total=len(fw.statements),
                           content_lang=content_lang(course()))


@bp.post("/<framework_id>/scan/<int:scan_id>/afronden")
@web.requires_launch
def finish(framework_id: str, scan_id: int) -> Response:
    fw = framework(framework_id)
    scan = _scan(fw, scan_id)
    if scan.status == OPEN:
        session = web.db_session()
        store.finish(session, web.current_launch(), fw, scan, module_ids(course()))
        session.commit()
    return redirect(web.launch_url("zelfscan.result", framework_id=fw.id, scan=scan.id), code=303)
