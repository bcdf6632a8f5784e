"""A session: the member's page (on a phone), the shared screen, and the little state
the screens poll. Only the group's members reach them (403 for anyone else)."""

from __future__ import annotations

import secrets

from flask import g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..content.intervisie_model import Method
from ..errors import ProblemError
from ..models import as_utc
from ..models.intervisie import MODE_LIVE, STATUS_DONE, IntervisieMember, IntervisieSession
from . import bp, practice, steps
from .completion import report_finished
from .groups import membership
from .guidance import next_action
from .methods import get_method
from .privacy import find_traceable
from .ratelimit import WRITE


def member_session(session_id: int) -> tuple[IntervisieSession, IntervisieMember, Method]:
    session = web.db_session()
    row = session.get(IntervisieSession, session_id)
    if row is None:
        raise ProblemError(404, _("Niet gevonden"), _("Deze bespreking bestaat niet (meer)."),
                           check="intervisie_session")
    member = membership(session, web.current_launch(), row.group_id)
    method = get_method(web.settings(), row.method_id)
    steps.catch_up(session, web.settings(), row, method)
    return row, member, method


def _url(row: IntervisieSession, endpoint: str = "intervisie.session", anchor: str = "") -> str:
    return web.launch_url(endpoint, session_id=row.id) + anchor


def state(row: IntervisieSession) -> str:
    """Changes whenever a screen should show something new."""
    return f"{row.status}-{row.step_index}-{len(row.entries)}"


def _page(row: IntervisieSession, member: IntervisieMember, method: Method, *, status: int = 200,
          draft: str = "", findings: list | None = None) -> tuple[str, int]:
    step = steps.current_step(row, method)
    names = {m.id: m.display_name for m in row.group.members}
    offer = practice.offer_of(web.db_session(), row) if row.status == STATUS_DONE else None
    return render_template(
        "intervisie/session.html", offer=offer,
        agreed=practice.consented(web.db_session(), offer) if offer else set(),
        row=row, member=member, method=method, step=step,
        names=names, action=next_action(row, method, member), draft=draft,
        findings=findings, may_write=steps.may_write(step, row, member), state=state(row),
        entries_of=lambda step_id: steps.entries_of(row, step_id),
        deadline=as_utc(row.step_deadline) if row.step_deadline else None), status


@bp.get("/s/<int:session_id>")
@web.requires_launch
def session(session_id: int) -> tuple[str, int]:
    row, member, method = member_session(session_id)
    report_finished(web.db_session(), web.current_launch(), web.settings(), member)
    web.db_session().commit()
    return _page(row, member, method)


@bp.post("/s/<int:session_id>/schrijven")
@web.requires_launch
def write(session_id: int) -> Response | tuple[str, int]:
    row, member, method = member_session(session_id)
    step = steps.current_step(row, method)
    text = request.form.get("text", "").replace("\x00", "").strip()[:steps.TEXT_MAX]
    if step is None or step.id != request.form.get("step") or not steps.may_write(step, row, member):
        return redirect(_url(row, anchor="#nu"), code=303)  # the step moved on meanwhile
    if not text:
        return redirect(_url(row, anchor="#nu"), code=303)
    if step.kind == "case" and not request.form.get("confirmed"):
        findings = find_traceable(text)
        if findings:
            return _page(row, member, method, status=422, draft=text, findings=findings)
    verdict = web.rate_limiter().attempt([(WRITE, str(member.id))])
    if not verdict.allowed:
        raise ProblemError(429, _("Even wachten"), _("Je hebt veel achter elkaar verstuurd. "
                                                      "Probeer het over een paar minuten opnieuw."),
                           check="intervisie_write")
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    key = g.get("form_key") or secrets.token_urlsafe(18)
    steps.write(web.db_session(), web.settings(), row, method, member,
                web.current_launch().session_id, step, text, key)
    response = idempotency.remember(redirect(_url(row, anchor="#nu"), code=303))
    web.db_session().commit()
    return response


@bp.post("/s/<int:session_id>/kiezen")
@web.requires_launch
def choose(session_id: int) -> Response:
    row, member, method = member_session(session_id)
    step = steps.current_step(row, method)
    entry_id = request.form.get("entry", "")
    if step is not None and step.kind == "choose" and entry_id.isdigit() and len(entry_id) < 12:
        steps.choose(web.db_session(), web.settings(), row, method, member,
                     web.current_launch().session_id, step, int(entry_id))
        web.db_session().commit()
    return redirect(_url(row, anchor="#nu"), code=303)


@bp.post("/s/<int:session_id>/volgende")
@web.requires_launch
def next_step(session_id: int) -> Response:
    """Close the open step: anyone in a live session, the inbrenger in an asynchronous one."""
    row, member, method = member_session(session_id)
    index = request.form.get("step_index", "")
    allowed = row.mode == MODE_LIVE or member.id == row.inbrenger_id
    if allowed and index.isdigit() and len(index) < 4:
        steps.close_step(web.db_session(), web.settings(), row, method, int(index))
        web.db_session().commit()
    back = "intervisie.screen" if request.form.get("from") == "screen" else "intervisie.session"
    return redirect(_url(row, back), code=303)


@bp.get("/s/<int:session_id>/scherm")
@web.requires_launch
def screen(session_id: int) -> str:
    row, member, method = member_session(session_id)
    web.db_session().commit()
    step = steps.current_step(row, method)
    ends = None
    if step is not None and row.mode == MODE_LIVE:
        ends = as_utc(row.step_started_at).timestamp() + step.minutes * 60
    names = {m.id: m.display_name for m in row.group.members}
    return render_template("intervisie/screen.html", row=row, member=member, method=method,
                           step=step, names=names, ends=ends, state=state(row),
                           entries_of=lambda step_id: steps.entries_of(row, step_id))


@bp.get("/s/<int:session_id>/stand")
@web.requires_launch
def poll(session_id: int) -> Response:
    row, _member, _method = member_session(session_id)
    web.db_session().commit()
    return jsonify(state=state(row))


@bp.get("/s/<int:session_id>/verwijderen")
@web.requires_launch
def confirm_delete(session_id: int) -> str:
    row, member, method = member_session(session_id)
    return render_template("intervisie/delete.html", row=row, method=method)


@bp.post("/s/<int:session_id>/verwijderen")
@web.requires_launch
def delete(session_id: int) -> Response:
    row, _member, _method = member_session(session_id)
    group_id = row.group_id
    web.db_session().delete(row)
    web.db_session().commit()
    return redirect(web.launch_url("intervisie.group", group_id=group_id, melding="verwijderd"),
                    code=303)
