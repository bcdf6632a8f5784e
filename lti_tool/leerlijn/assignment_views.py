"""The werkbegeleider's praktijkopdracht: what to do, their work and reflection, the link for
the praktijkopleider or teamleider, and the feedback. Trainers see the assignment's text
here; whether feedback came they see in the overview, never the feedback itself."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..content.markdown import render_markdown
from ..models import utcnow
from ..samenleer.qr import qr_svg
from . import bp, completion, xapi_events
from .assignments import (
    LINK_DAYS,
    ROLE_LABELS,
    active_invite,
    create_invite,
    get_work,
    revoke_invites,
    save_work,
)
from .common import course_launch, leerlijn, not_found, when
from .content import Assignment


def _assignment(assignment_id: str) -> Assignment:
    found = leerlijn().assignment(assignment_id)
    if found is None:
        raise not_found()
    return found


def _page(assignment: Assignment, status: int = 200, **context) -> tuple[str, int]:
    launch = course_launch()
    session = web.db_session()
    work = None if launch.is_instructor else get_work(session, launch, assignment.id)
    if work is not None and work.feedback is not None and work.feedback.seen_at is None:
        work.feedback.seen_at = utcnow()  # the werkbegeleider has the feedback now
        xapi_events.feedback_received(session, launch, assignment.id, assignment.title)
        completion.check(session, launch)
        session.commit()
    return render_template(
        "leerlijn/assignment.html", assignment=assignment, work=work, when=when,
        what_to_do=render_markdown(assignment.what_to_do),
        invite=active_invite(work) if work is not None else None, link_days=LINK_DAYS,
        role_labels=ROLE_LABELS,
        **context), status


@bp.get("/opdracht/<assignment_id>")
@web.requires_launch
def assignment(assignment_id: str) -> tuple[str, int]:
    return _page(_assignment(assignment_id), saved=request.args.get("melding"))


@bp.post("/opdracht/<assignment_id>")
@web.requires_launch
def save(assignment_id: str) -> Response | tuple[str, int]:
    launch = course_launch()
    found = _assignment(assignment_id)
    if launch.is_instructor:
        return redirect(web.launch_url(".assignment", assignment_id=found.id), code=303)
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    what, reflection = request.form.get("what_i_did", "").strip(), request.form.get("reflection", "").strip()
    submit = request.form.get("action") == "submit"
    if submit and (not what or not reflection):
        return _page(found, 400, error=_("Vul allebei de vakken in voordat je de opdracht inlevert."),
                     draft={"what_i_did": what, "reflection": reflection})
    session = web.db_session()
    handed_in = save_work(session, launch, found, what, reflection, submit=submit)[1]
    if handed_in:
        xapi_events.assignment_submitted(session, launch, found.id, found.title)
    response = idempotency.remember(redirect(web.launch_url(
        ".assignment", assignment_id=found.id, melding="ingeleverd" if submit else "bewaard"), code=303))
    session.commit()
    return response


@bp.post("/opdracht/<assignment_id>/link")
@web.requires_launch
def make_link(assignment_id: str) -> Response | tuple[str, int]:
    """A link for the praktijkopleider or teamleider: shown once, with a QR code."""
    launch = course_launch()
    found = _assignment(assignment_id)
    session = web.db_session()
    work = None if launch.is_instructor else get_work(session, launch, found.id)
    if work is None or work.submitted_at is None or work.feedback is not None:
        return redirect(web.launch_url(".assignment", assignment_id=found.id), code=303)
    token = create_invite(session, work, web.settings().secret_key)
    session.commit()
    link = web.settings().base_url + url_for("leerlijn_feedback.entry", invite=token)
    return render_template("leerlijn/feedback_link.html", assignment=found, link=link, when=when,
                           invite=active_invite(work),
                           qr=qr_svg(link, _("QR-code met de link voor feedback"))), 200


@bp.post("/opdracht/<assignment_id>/link/intrekken")
@web.requires_launch
def revoke_link(assignment_id: str) -> Response:
    launch = course_launch()
    found = _assignment(assignment_id)
    session = web.db_session()
    work = None if launch.is_instructor else get_work(session, launch, found.id)
    if work is not None:
        revoke_invites(work)
        session.commit()
    return redirect(web.launch_url(".assignment", assignment_id=found.id, melding="ingetrokken"), code=303)
