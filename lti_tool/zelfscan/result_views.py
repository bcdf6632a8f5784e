"""The learner's result (profile, growth, history), the share toggle and the learning path."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..content.model import Course, Module
from ..content.zelfscan_model import Framework
from ..errors import ProblemError
from ..learning.progress import progress_by_module
from ..models.zelfscan import ZelfscanScan
from . import bp, store
from . import path as paths
from .chart import Chart, bar_chart
from .common import content_lang, course, day, framework, module_ids, num, signed
from .scoring import AreaScore, area_scores, change, growth_areas, overall, strengths


@dataclass(frozen=True)
class PathEntry:
    module: Module
    state: str           # not_started, started, completed
    areas: list[str]     # titles of the areas it strengthens
    # Titles of the learner's weakest areas it serves: the reason it comes first.
    because: list[str] = field(default_factory=list)


def chart_for(fw: Framework, scores: list[AreaScore], before: dict | None) -> Chart:
    rows = [(s.title, (before or {}).get(s.area_id), s.mean) for s in scores]
    return bar_chart(rows, num, _("geen score"), compare=before is not None)


def _because(fw: Framework, weakest: list[str], reasons: tuple[str, ...]) -> list[str]:
    """The weakest areas a module serves, when its main reason (the area it helps most)
    is one of them: such a module comes first. A module that touches a weak area only on
    the side stays with the other modules."""
    if not reasons or reasons[0] not in weakest:
        return []
    return [a.title for a in (fw.area(i) for i in weakest if i in reasons) if a]


def path_entries(current: Course, fw: Framework, scan: ZelfscanScan | None, ids: list[str]
                 ) -> list[PathEntry]:
    launch = web.current_launch()
    progress = progress_by_module(web.db_session(), launch)
    means = (scan.area_scores if scan else None) or {}
    reasons = {item.module_id: item.areas for item in paths.recommend(fw, means, module_ids(current))}
    weakest = paths.weakest_areas(fw, means)
    entries = []
    for module_id in paths.display_order(ids, module_ids(current), current.navigation == "sequential"):
        module = current.module(module_id)
        row = progress.get(module_id)
        state = "not_started" if row is None else ("completed" if row.status == "completed" else "started")
        titles = [a.title for a in (fw.area(i) for i in reasons.get(module_id, ())) if a]
        because = _because(fw, weakest, reasons.get(module_id, ()))
        if module is not None:
            entries.append(PathEntry(module, state, titles, because))
    return entries


@bp.get("/<framework_id>/resultaat")
@web.requires_launch
def result(framework_id: str) -> Response | str:
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    done = store.completed_scans(session, launch, fw.id)
    if not done:
        return redirect(web.launch_url("zelfscan.start", framework_id=fw.id))
    wanted = request.args.get("scan", type=int)
    index = next((i for i, s in enumerate(done) if s.id == wanted), len(done) - 1)
    scan = done[index]
    previous = done[index - 1] if index > 0 else None
    scores = area_scores(fw, scan.answer_values)
    before = previous.area_scores if previous else None
    current = course()
    row = store.get_path(session, launch, fw.id)
    history = [(s, overall(s.area_scores or {})) for s in done]
    return render_template(
        "zelfscan/result.html", fw=fw, scan=scan, previous=previous, scores=scores,
        before=before or {}, diff=change(before or {}, scan.area_scores or {}),
        strong=strengths(scores), grow=growth_areas(scores), chart=chart_for(fw, scores, before),
        entries=path_entries(current, fw, done[-1], row.module_ids if row else []),
        sequential=current.navigation == "sequential",
        history=history, shared=store.is_shared(session, launch, fw.id),
        next_from=store.next_scan_from(fw, done), open_scan=store.open_scan(session, launch, fw.id),
        is_latest=scan.id == done[-1].id, num=num, signed=signed, day=day,
        content_lang=content_lang(current))


@bp.post("/<framework_id>/delen")
@web.requires_launch
def share(framework_id: str) -> Response:
    fw = framework(framework_id)
    session = web.db_session()
    store.set_shared(session, web.current_launch(), fw.id, request.form.get("delen") == "ja")
    session.commit()
    return redirect(web.launch_url("zelfscan.result", framework_id=fw.id) + "#delen", code=303)


@bp.get("/<framework_id>/leerpad")
@web.requires_launch
def path(framework_id: str) -> Response | str:
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    done = store.completed_scans(session, launch, fw.id)
    row = store.get_path(session, launch, fw.id)
    if not done or row is None:
        return redirect(web.launch_url("zelfscan.start", framework_id=fw.id))
    current = course()
    entries = path_entries(current, fw, done[-1], row.module_ids or [])
    in_path = {e.module.id for e in entries}
    others = [m for m in current.modules if m.id not in in_path]
    return render_template("zelfscan/path.html", fw=fw, entries=entries, others=others,
                           sequential=current.navigation == "sequential",
                           notice=request.args.get("melding"), content_lang=content_lang(current))


PATH_CHANGE_TRIES = 5


@bp.post("/<framework_id>/leerpad")
@web.requires_launch
def change_path(framework_id: str) -> Response:
    """Up, down, drop, add or back to the advice. A double click counts once (idempotency
    key); two tabs changing at once both count (the write checks nothing changed meanwhile)."""
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    action, module_id = request.form.get("actie", ""), request.form.get("module", "")
    for _try in range(PATH_CHANGE_TRIES):
        first_page = idempotency.replay()
        if first_page is not None:
            return first_page
        row = store.get_path(session, launch, fw.id, for_change=True)
        done = store.completed_scans(session, launch, fw.id)
        if row is None or not done:
            session.rollback()
            return redirect(web.launch_url("zelfscan.start", framework_id=fw.id), code=303)
        ids = module_ids(course())
        change = ((store.recommended_ids(fw, done[-1], ids), []) if action == "advies"
                  else store.changed_path(row, action, module_id, ids))
        if change is not None and not store.save_path(session, row, *change):
            session.rollback()  # changed meanwhile in another tab: read it again
            continue
        anchor = f"#pad-{module_id}" if action in ("up", "down") else ""
        response = idempotency.remember(redirect(web.launch_url(
            "zelfscan.path", framework_id=fw.id, melding="bewaard" if change else None) + anchor,
            code=303))
        session.commit()
        return response
    raise ProblemError(409, _("Je leerpad veranderde tegelijk ergens anders"),
                       _("Laad de pagina opnieuw en probeer het nog eens."), check="path_changed")
