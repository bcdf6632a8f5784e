"""Train-the-trainer: per module the session plan, and the trainer's own short track.
Staff only (a learner gets 403); printable with the print stylesheet."""

from __future__ import annotations

from flask import render_template

from .. import web
from ..content.markdown import render_markdown
from . import bp
from .common import course, leerlijn, not_found


@bp.get("/trainer")
@web.requires_instructor
def trainer_track() -> str:
    found = leerlijn()
    modules = {m.id: m for m in course().modules}
    return render_template("leerlijn/trainer_track.html", track=render_markdown(found.trainer_track),
                           plans=found.plans, modules=modules)


@bp.get("/trainer/<module_id>")
@web.requires_instructor
def trainer_plan(module_id: str) -> str:
    plan = leerlijn().plan(module_id)
    module = course().module(module_id)
    if plan is None or module is None:
        raise not_found()
    return render_template("leerlijn/trainer_plan.html", plan=plan, module=module,
                           assignments=leerlijn().assignments_for(module_id))
