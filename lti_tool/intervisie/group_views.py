"""A member's pages: my groups, joining with a code, a group with its sessions."""

from __future__ import annotations

from flask import redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import idempotency, web
from ..models.intervisie import MODE_ASYNC, MODE_LIVE, IntervisieGroup, IntervisieMember
from ..ratelimit import network_of
from . import bp, steps
from .completion import report_finished
from .groups import (
    DISPLAY_NAME_MAX,
    GROUP_MIN,
    GroupFullError,
    clean_text,
    find_by_code,
    first_name,
    join,
    membership,
    my_groups,
)
from .guidance import next_action
from .methods import get_method, get_methods
from .ratelimit import JOIN_NETWORK, JOIN_PERSON

NOTICES = {
    "code": lambda: _("Deze code klopt niet, of de groep is niet voor jouw organisatie."),
    "vol": lambda: _("Deze groep is vol. Een groep heeft hoogstens 8 leden."),
    "wacht": lambda: _("Je hebt te vaak een code geprobeerd. Probeer het over een kwartier opnieuw."),
    "naam": lambda: _("Je naam in de groep is bewaard."),
    "klein": lambda: _("Een bespreking kan beginnen als de groep minstens 3 leden heeft."),
    "verwijderd": lambda: _("De bespreking en alles wat erin stond zijn verwijderd."),
}


def notice() -> str | None:
    found = NOTICES.get(request.args.get("melding", ""))
    return found() if found else None


def group_url(group_id: int, melding: str | None = None) -> str:
    values = {"melding": melding} if melding else {}
    return web.launch_url("intervisie.group", group_id=group_id, **values)


def _group(group_id: int) -> tuple[IntervisieGroup, IntervisieMember]:
    session = web.db_session()
    member = membership(session, web.current_launch(), group_id)
    return member.group, member


@bp.get("/")
@web.requires_launch
def overview() -> str:
    session, launch = web.db_session(), web.current_launch()
    return render_template("intervisie/overview.html", groups=my_groups(session, launch),
                           methods=get_methods(web.settings()).methods, notice=notice(),
                           suggested_name=first_name(launch.display_name),
                           is_trainer=launch.is_instructor)


@bp.post("/aansluiten")
@web.requires_launch
def join_group() -> Response:
    session, launch = web.db_session(), web.current_launch()
    limiter = web.rate_limiter()
    verdict = limiter.attempt([(JOIN_PERSON, str(launch.learner_id)),
                               (JOIN_NETWORK, network_of(request.remote_addr))])
    if not verdict.allowed:
        return redirect(web.launch_url("intervisie.overview", melding="wacht") + "#aansluiten",
                        code=303)
    group = find_by_code(session, web.settings().secret_key, request.form.get("code", ""),
                         launch.organisation_id)
    if group is None:
        return redirect(web.launch_url("intervisie.overview", melding="code") + "#aansluiten",
                        code=303)
    name = clean_text(request.form.get("display_name", ""), DISPLAY_NAME_MAX) \
        or first_name(launch.display_name)
    try:
        join(session, group, launch.learner_id, name)
    except GroupFullError:
        session.rollback()
        return redirect(web.launch_url("intervisie.overview", melding="vol") + "#aansluiten",
                        code=303)
    session.commit()
    return redirect(group_url(group.id), code=303)


@bp.get("/g/<int:group_id>")
@web.requires_launch
def group(group_id: int) -> str:
    found, member = _group(group_id)
    session, settings = web.db_session(), web.settings()
    methods = get_methods(settings)
    actions = {}
    for row in found.sessions:
        method = methods.get(row.method_id)
        if method is not None:
            steps.catch_up(session, settings, row, method)
            actions[row.id] = next_action(row, method, member)
    report_finished(session, web.current_launch(), settings, member)
    session.commit()
    return render_template("intervisie/group.html", group=found, member=member, actions=actions,
                           methods=methods, notice=notice(), group_min=GROUP_MIN,
                           modes=(MODE_LIVE, MODE_ASYNC))


@bp.post("/g/<int:group_id>/naam")
@web.requires_launch
def rename(group_id: int) -> Response:
    _found, member = _group(group_id)
    name = clean_text(request.form.get("display_name", ""), DISPLAY_NAME_MAX)
    if name:
        member.display_name = name
        web.db_session().commit()
    return redirect(group_url(group_id, "naam") + "#naam", code=303)


@bp.post("/g/<int:group_id>/sessies")
@web.requires_launch
def start(group_id: int) -> Response:
    found, member = _group(group_id)
    if len(found.members) < GROUP_MIN:
        return redirect(group_url(group_id, "klein"), code=303)
    method = get_method(web.settings(), request.form.get("method", ""))
    mode = request.form.get("mode", MODE_LIVE)
    mode = mode if mode in (MODE_LIVE, MODE_ASYNC) else MODE_LIVE
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    session = web.db_session()
    row = steps.start(session, found, member, method, mode, web.current_launch().session_id)
    response = idempotency.remember(redirect(
        web.launch_url("intervisie.session", session_id=row.id), code=303))
    session.commit()
    return response
