"""Bijeenkomsten: the trainer plans them and records who came; learners see them, add them to
their calendar and check in with the code (or the QR code) shown at the session."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import web
from ..errors import ProblemError
from ..marker import N_
from ..models import LaunchSession, Learner, as_utc, utcnow
from ..models.leerlijn import BY_CODE, BY_TRAINER, LeerlijnSession
from ..ratelimit import network_of
from ..roles import has_staff_role
from ..samenleer.qr import qr_svg
from . import bp, completion, xapi_events
from .calendar import session_ics
from .common import clock, course, course_launch, local_value, not_found, when
from .sessions import (
    LEARNER_TRIES,
    NETWORK_TRIES,
    Plan,
    apply_plan,
    attended_ids,
    checkin_code,
    checkin_open,
    close_checkin,
    code_matches,
    find_session,
    new_nonce,
    new_session,
    open_checkin,
    read_plan,
    record_attendance,
    remove_attendance,
)


def _session_or_404(session_id: int) -> LeerlijnSession:
    item = find_session(web.db_session(), course_launch(), session_id)
    if item is None:
        raise not_found()
    return item


def _render(template: str, status: int = 200, **context) -> tuple[str, int]:
    return render_template(template, when=when, clock=clock, **context), status


def _form_page(plan: Plan, item: LeerlijnSession | None, status: int = 200) -> tuple[str, int]:
    values = {"day": local_value(plan.starts_at, "day"), "start": local_value(plan.starts_at, "time"),
              "end": local_value(plan.ends_at, "time")}
    if plan.starts_at is None:
        values = {k: request.form.get(k, "") for k in values}
    return _render("leerlijn/session_form.html", status, plan=plan, item=item, values=values,
                   modules=course().modules, errors={k: _(v) for k, v in plan.errors.items()})


@bp.get("/bijeenkomsten/nieuw")
@web.requires_instructor
def new() -> tuple[str, int]:
    course_launch()
    return _form_page(Plan(), None)


@bp.post("/bijeenkomsten/nieuw")
@web.requires_instructor
def create() -> Response | tuple[str, int]:
    launch = course_launch()
    from .. import idempotency

    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    plan = read_plan(request.form, {m.id for m in course().modules})
    if plan.errors:
        return _form_page(plan, None, 400)
    session = web.db_session()
    item = new_session(launch, plan)
    session.add(item)
    session.flush()
    response = idempotency.remember(redirect(web.launch_url(".session", session_id=item.id), code=303))
    session.commit()
    return response


@bp.get("/bijeenkomsten/<int:session_id>/wijzigen")
@web.requires_instructor
def edit(session_id: int) -> tuple[str, int]:
    item = _session_or_404(session_id)
    plan = Plan(title=item.title, starts_at=as_utc(item.starts_at), ends_at=as_utc(item.ends_at),
                place=item.place, online_url=item.online_url, prepares_for=list(item.prepares_for or []),
                bring=item.bring)
    return _form_page(plan, item)


@bp.post("/bijeenkomsten/<int:session_id>/wijzigen")
@web.requires_instructor
def update(session_id: int) -> Response | tuple[str, int]:
    item = _session_or_404(session_id)
    plan = read_plan(request.form, {m.id for m in course().modules})
    if plan.errors:
        return _form_page(plan, item, 400)
    apply_plan(item, plan)
    web.db_session().commit()
    return redirect(web.launch_url(".session", session_id=item.id), code=303)


@bp.post("/bijeenkomsten/<int:session_id>/afzeggen")
@web.requires_instructor
def cancel(session_id: int) -> Response:
    item = _session_or_404(session_id)
    item.cancelled_at = utcnow()
    web.db_session().commit()
    return redirect(web.launch_url(".home"), code=303)


def _participants(context_id: int) -> list[Learner]:
    """The learners the tool knows in this course (they launched from it), by name."""
    session = web.db_session()
    learners = session.scalars(select(Learner).join(LaunchSession, LaunchSession.learner_id == Learner.id)
                               .where(LaunchSession.context_id == context_id).distinct())
    return sorted((lr for lr in learners if not _staff_only(context_id, lr.id)),
                  key=lambda lr: (lr.name or "").lower())


def _staff_only(context_id: int, learner_id: int) -> bool:
    roles = web.db_session().scalars(select(LaunchSession.roles).where(
        LaunchSession.context_id == context_id, LaunchSession.learner_id == learner_id))
    return all(has_staff_role(r or ()) for r in roles)


@bp.get("/bijeenkomsten/<int:session_id>")
@web.requires_launch
def session(session_id: int) -> tuple[str, int]:
    launch = course_launch()
    item = _session_or_404(session_id)
    context: dict = {"item": item, "modules": {m.id: m for m in course().modules},
                     "is_open": checkin_open(item), "message": request.args.get("melding")}
    if launch.is_instructor:
        context["people"] = _participants(item.context_id)
        context["present"] = {a.learner_id for a in item.attendances}
        if context["is_open"]:
            code = checkin_code(web.settings().secret_key, item)
            link = web.settings().base_url + url_for(".qr_code", token=_qr_token(item))
            context.update(code=code, qr=qr_svg(link, _("QR-code om in te checken")))
    else:
        context["attended"] = item.id in attended_ids(web.db_session(), launch)
    return _render("leerlijn/session.html", **context)


@bp.get("/bijeenkomsten/<int:session_id>/agenda.ics")
@web.requires_launch
def ics(session_id: int) -> Response:
    item = _session_or_404(session_id)
    modules = {m.id: m for m in course().modules}
    lines = [_("Bereid je voor met: %(titles)s", titles=", ".join(
        modules[m].title for m in item.prepares_for if m in modules))] if item.prepares_for else []
    if item.bring:
        lines.append(_("Neem mee: %(what)s", what=item.bring))
    host = web.settings().base_url.split("//", 1)[-1].split("/", 1)[0]
    body = session_ics(item, uid_host=host, description="\n".join(lines))
    response = Response(body, mimetype="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="bijeenkomst-{item.id}.ics"'
    return response


# ---- check-in ------------------------------------------------------------------------------------

@bp.post("/bijeenkomsten/<int:session_id>/incheckcode")
@web.requires_instructor
def checkin_control(session_id: int) -> Response:
    """The trainer opens or closes check-in, or makes a new code (the old one stops working)."""
    item = _session_or_404(session_id)
    action = request.form.get("action")
    if action == "open":
        open_checkin(item)
    elif action == "close":
        close_checkin(item)
    elif action == "new":
        item.checkin_nonce = new_nonce()
    web.db_session().commit()
    return redirect(web.launch_url(".session", session_id=item.id), code=303)


@bp.post("/bijeenkomsten/<int:session_id>/inchecken")
@web.requires_launch
def check_in(session_id: int) -> Response | tuple[str, int]:
    launch = course_launch()
    item = _session_or_404(session_id)
    session = web.db_session()
    if item.id in attended_ids(session, launch):
        return redirect(web.launch_url(".session", session_id=item.id, melding="ingecheckt"), code=303)
    if not checkin_open(item):
        return _checkin_error(item, 409, _("Inchecken is nu niet open. Vraag de trainer om het "
                                           "open te zetten."))
    # The network's tries are counted before the code is checked (a burst gets no more than
    # the limit); a learner's own tries count only when wrong, so a double submit of the right
    # code is never refused. A locked learner is refused before anything is checked.
    limiter = web.rate_limiter()
    learner_key, network = f"{launch.organisation_id}:{launch.learner_id}", network_of(request.remote_addr)
    too_many = _("Je hebt te vaak een verkeerde code ingevuld. Probeer het over een kwartier nog een "
                 "keer, of vraag de trainer.")
    if limiter.locked_until(LEARNER_TRIES, learner_key) is not None:
        return _checkin_error(item, 429, too_many)
    if not limiter.attempt([(NETWORK_TRIES, network)]).allowed:
        return _checkin_error(item, 429, too_many)
    if not code_matches(web.settings().secret_key, item, request.form.get("code", "")[:20]):
        verdict = limiter.attempt([(LEARNER_TRIES, learner_key)])
        if not verdict.allowed:
            return _checkin_error(item, 429, too_many)
        return _checkin_error(item, 400, _("Deze code klopt niet. Kijk nog eens naar het scherm "
                                           "van de trainer."))
    limiter.reset(LEARNER_TRIES, learner_key)
    limiter.refund(NETWORK_TRIES, network)
    if record_attendance(session, item, launch.learner_id, BY_CODE):
        xapi_events.session_attended(session, launch, item)
        completion.check(session, launch)
    session.commit()
    return redirect(web.launch_url(".session", session_id=item.id, melding="ingecheckt"), code=303)


def _checkin_error(item: LeerlijnSession, status: int, error: str) -> tuple[str, int]:
    return _render("leerlijn/session.html", status, item=item, modules={m.id: m for m in course().modules},
                   is_open=checkin_open(item), attended=False, error=error, message=None)


@bp.post("/bijeenkomsten/<int:session_id>/aanwezig")
@web.requires_instructor
def mark_present(session_id: int) -> Response:
    """The trainer records who was there: every learner of the course, present or not."""
    item = _session_or_404(session_id)
    session = web.db_session()
    people = {lr.id for lr in _participants(item.context_id)}
    chosen = {int(v) for v in request.form.getlist("present") if v.isdigit()} & people
    before = {a.learner_id for a in item.attendances}
    for learner_id in chosen - before:
        record_attendance(session, item, learner_id, BY_TRAINER)
    for learner_id in (before - chosen) & people:
        remove_attendance(session, item, learner_id)
    session.commit()
    return redirect(web.launch_url(".session", session_id=item.id, melding="opgeslagen"), code=303)


def _qr_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(web.settings().secret_key, salt="leerlijn-checkin-qr")


def _qr_token(item: LeerlijnSession) -> str:
    return _qr_serializer().dumps([item.id, item.checkin_nonce])


@bp.get("/inchecken/<token>")
def qr_code(token: str) -> tuple[str, int]:
    """Where the QR code leads on a phone: the code, and where to fill it in. Without a launch
    (a phone camera opens a plain browser), so it shows nothing personal."""
    try:
        session_id, nonce = _qr_serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise ProblemError(404, N_("Deze code werkt niet meer"),
                           N_("Vraag de trainer om de code op het scherm."), check="leerlijn_qr") from exc
    item = web.db_session().get(LeerlijnSession, session_id) if isinstance(session_id, int) else None
    if item is None or item.checkin_nonce != nonce or not checkin_open(item):
        raise ProblemError(404, N_("Deze code werkt niet meer"),
                           N_("Vraag de trainer om de code op het scherm."), check="leerlijn_qr")
    return _render("leerlijn/qr_code.html", item=item, code=checkin_code(web.settings().secret_key, item))
