"""For trainers and instructors: the group profile of their course context, its CSV, and
the answers of the learners who chose to share them."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import gettext as _

from .. import web
from ..errors import ProblemError
from ..models import Learner
from . import bp, group
from .chart import bar_chart
from .common import content_lang, course, day, framework, num
from .export import group_csv
from .result_views import chart_for
from .scoring import area_scores


@bp.get("/<framework_id>/groep")
@web.requires_instructor
def group_view(framework_id: str) -> str:
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    profile = group.load_profile(session, launch, fw)
    chart = None
    if profile.visible:
        chart_rows = [(a.title, None, a.mean) for a in profile.areas]
        chart = bar_chart(chart_rows, num, _("te weinig scores"), compare=False)
    return render_template("zelfscan/group.html", fw=fw, profile=profile, chart=chart,
                           minimum=group.MIN_GROUP, num=num,
                           sharing=group.sharing_learners(session, launch, fw.id),
                           content_lang=content_lang(course()))


@bp.get("/<framework_id>/groep.csv")
@web.requires_instructor
def group_export(framework_id: str) -> Response:
    fw = framework(framework_id)
    profile = group.load_profile(web.db_session(), web.current_launch(), fw)
    response = Response("\ufeff" + group_csv(profile, fw.title), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="zelfscan-{fw.id}-groep.csv"'
    return response


@bp.get("/<framework_id>/groep/deelnemer/<int:learner_id>")
@web.requires_instructor
def shared_result(framework_id: str, learner_id: int) -> str:
    fw = framework(framework_id)
    session, launch = web.db_session(), web.current_launch()
    scans = group.shared_scans(session, launch, fw.id, learner_id)
    if not scans:
        raise ProblemError(404, _("Niet gedeeld"),
                           _("Deze deelnemer deelt de zelfscan niet met je."), check="zelfscan_share")
    learner = session.get(Learner, learner_id)
    latest = scans[-1]
    scores = area_scores(fw, latest.answer_values)
    before = scans[-2].area_scores if len(scans) > 1 else None
    return render_template("zelfscan/shared.html", fw=fw, learner=learner, scan=latest,
                           scores=scores, answers=latest.answer_values, before=before or {},
                           chart=chart_for(fw, scores, before), scans=scans, num=num, day=day,
                           content_lang=content_lang(course()))
