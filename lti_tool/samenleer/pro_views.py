"""The professional's pages under ``/samenleer``: tracks, invites, rhythm, history, export.

Every page needs a launch; every track is looked up through its owner (``tracks.own_track``).
"""

from __future__ import annotations

import json
from datetime import date

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from .. import idempotency, web
from ..models.samenleer import SamenleerMeeting
from . import bp
from .content import get_themes
from .export import track_data
from .history import trends
from .invites import active_invite, create_invite, revoke_invites
from .qr import qr_svg
from .ratelimit import TRACK, clock_time
from .rhythm import INTERVAL_WEEKS_MAX, INTERVAL_WEEKS_MIN, rhythm
from .rounds import current_round, last_closed, start_round
from .tracks import clean_label, create_track, delete_track, own_track, own_tracks

NOTE_MAX = 500
NOTICES = {
    "aangemaakt": lambda: _("Het traject is aangemaakt. Maak nu een uitnodiging."),
    "ingetrokken": lambda: _("De link is ingetrokken. Hij werkt niet meer."),
    "gesprek": lambda: _("Het gesprek is genoteerd."),
    "instellingen": lambda: _("De instellingen zijn bewaard."),
    "verwijderd": lambda: _("Het traject en alle antwoorden zijn verwijderd."),
    "leeg": lambda: _("Vul eerst een naam of label in."),
    "vrijgegeven": lambda: _("De blokkade is opgeheven. De code kan weer worden ingevuld."),
    "datum": lambda: _("Vul een geldige datum in, niet in de toekomst."),
}


def _notice() -> str | None:
    found = NOTICES.get(request.args.get("melding", ""))
    return found() if found else None


def _track_url(track_id: int, notice: str | None = None, anchor: str = "") -> str:
    values = {"melding": notice} if notice else {}
    return web.launch_url("samenleer.track", track_id=track_id, **values) + anchor


def _lock_end(track_id: int) -> str | None:
    """When a lock after too many wrong codes ends (``HH:MM``), or ``None``."""
    until = web.rate_limiter().locked_until(TRACK, str(track_id))
    return clock_time(until) if until else None


@bp.get("/")
@web.requires_launch
def overview() -> str:
    launch = web.current_launch()
    today = date.today()
    rows = [(track, rhythm(track, today)) for track in own_tracks(web.db_session(), launch)]
    rows.sort(key=lambda row: (not row[1].is_due, row[0].label.casefold()))
    return render_template("samenleer/pro/overview.html", rows=rows, notice=_notice())


@bp.post("/trajecten")
@web.requires_launch
def new_track() -> BaseResponse:
    label = clean_label(request.form.get("label", ""))
    if not label:
        return redirect(web.launch_url("samenleer.overview", melding="leeg") + "#nieuw", code=303)
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    session = web.db_session()
    track = create_track(session, web.current_launch(), label, bool(request.form.get("visual")))
    response = idempotency.remember(redirect(_track_url(track.id, "aangemaakt"), code=303))
    session.commit()
    return response


@bp.get("/t/<int:track_id>")
@web.requires_launch
def track(track_id: int) -> str:
    found = own_track(web.db_session(), web.current_launch(), track_id)
    themes = get_themes(web.settings())
    return render_template(
        "samenleer/pro/track.html", track=found, themes=themes, rhythm=rhythm(found, date.today()),
        round=current_round(found), agreed=last_closed(found), invite=active_invite(found),
        trends=trends(themes, found), notice=_notice(), today=date.today().isoformat(),
        code_locked_until=_lock_end(found.id),
        interval_range=(INTERVAL_WEEKS_MIN, INTERVAL_WEEKS_MAX))


@bp.post("/t/<int:track_id>/uitnodiging")
@web.requires_launch
def invite(track_id: int) -> str:
    """A new link, shown once: only a hash of its secret is kept."""
    session = web.db_session()
    found = own_track(session, web.current_launch(), track_id)
    token = create_invite(session, found, web.settings().secret_key)
    found.touch()
    session.commit()
    web.rate_limiter().reset(TRACK, str(found.id))  # a new link and code: a fresh count
    link = web.settings().base_url + url_for("samenleer_gast.entry", invite=token)
    return render_template("samenleer/pro/invite.html", track=found, link=link,
                           invite=active_invite(found),
                           qr=qr_svg(link, _("QR-code met de uitnodiging")))


@bp.post("/t/<int:track_id>/uitnodiging/intrekken")
@web.requires_launch
def revoke(track_id: int) -> BaseResponse:
    session = web.db_session()
    found = own_track(session, web.current_launch(), track_id)
    revoke_invites(found)
    session.commit()
    return redirect(_track_url(found.id, "ingetrokken", "#uitnodiging"), code=303)


@bp.post("/t/<int:track_id>/code-vrijgeven")
@web.requires_launch
def unlock_code(track_id: int) -> BaseResponse:
    """Lift the lock after too many wrong codes: whoever has the link can cause it."""
    found = own_track(web.db_session(), web.current_launch(), track_id)
    web.rate_limiter().reset(TRACK, str(found.id))
    return redirect(_track_url(found.id, "vrijgegeven", "#uitnodiging"), code=303)


@bp.post("/t/<int:track_id>/gesprekken")
@web.requires_launch
def log_meeting(track_id: int) -> BaseResponse:
    session = web.db_session()
    found = own_track(session, web.current_launch(), track_id)
    try:
        held_on = date.fromisoformat(request.form.get("held_on", ""))
    except ValueError:
        held_on = None
    if held_on is None or held_on > date.today():
        return redirect(_track_url(found.id, "datum", "#gesprekken"), code=303)
    first_page = idempotency.replay()
    if first_page is not None:
        return first_page
    note = " ".join(request.form.get("note", "").split())[:NOTE_MAX]
    session.add(SamenleerMeeting(track=found, held_on=held_on, note=note))
    found.touch()
    response = idempotency.remember(redirect(_track_url(found.id, "gesprek", "#gesprekken"),
                                             code=303))
    session.commit()
    return response


@bp.post("/t/<int:track_id>/instellingen")
@web.requires_launch
def settings(track_id: int) -> BaseResponse:
    session = web.db_session()
    found = own_track(session, web.current_launch(), track_id)
    label = clean_label(request.form.get("label", ""))
    weeks = request.form.get("interval_weeks", "")
    if label:
        found.label = label
    if weeks.isdigit():
        found.interval_weeks = min(max(int(weeks), INTERVAL_WEEKS_MIN), INTERVAL_WEEKS_MAX)
    found.visual = bool(request.form.get("visual"))
    found.touch()
    session.commit()
    return redirect(_track_url(found.id, "instellingen", "#instellingen"), code=303)


@bp.post("/t/<int:track_id>/rondes")
@web.requires_launch
def new_round(track_id: int) -> BaseResponse:
    session = web.db_session()
    found = own_track(session, web.current_launch(), track_id)
    round_ = start_round(session, found)
    session.commit()
    return redirect(web.launch_url("samenleer.ask", track_id=found.id, number=round_.number, step=1),
                    code=303)


@bp.get("/t/<int:track_id>/export")
@web.requires_launch
def export_page(track_id: int) -> str:
    found = own_track(web.db_session(), web.current_launch(), track_id)
    themes = get_themes(web.settings())
    return render_template("samenleer/pro/export.html", track=found, themes=themes,
                           data=track_data(themes, found), trends=trends(themes, found))


@bp.get("/t/<int:track_id>/export.json")
@web.requires_launch
def export_json(track_id: int) -> Response:
    found = own_track(web.db_session(), web.current_launch(), track_id)
    body = json.dumps(track_data(get_themes(web.settings()), found), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="samenleer-{found.id}.json"'
    return response


@bp.get("/t/<int:track_id>/verwijderen")
@web.requires_launch
def confirm_delete(track_id: int) -> str:
    found = own_track(web.db_session(), web.current_launch(), track_id)
    return render_template("samenleer/pro/delete.html", track=found)


@bp.post("/t/<int:track_id>/verwijderen")
@web.requires_launch
def delete(track_id: int) -> BaseResponse:
    session = web.db_session()
    delete_track(session, own_track(session, web.current_launch(), track_id))
    session.commit()
    return redirect(web.launch_url("samenleer.overview", melding="verwijderd"), code=303)
