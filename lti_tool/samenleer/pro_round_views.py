"""The professional's side of a round: answering blind, opening the conversation,
the side-by-side view and the agreements."""

from __future__ import annotations

from flask import redirect, render_template, request
from werkzeug.wrappers import Response

from .. import web
from ..models.samenleer import SIDE_GUEST, SIDE_PROFESSIONAL, SamenleerRound, SamenleerTrack
from . import bp
from .compare import compare
from .content import get_themes
from .questions import question, save_form, step_count, summary
from .rounds import answers, can_answer, close_round, mark_done, open_conversation
from .tracks import own_round, own_track
from .xapi_events import round_held


def _round(track_id: int, number: int) -> tuple[SamenleerTrack, SamenleerRound]:
    track = own_track(web.db_session(), web.current_launch(), track_id)
    return track, own_round(track, number)


def _round_url(round_: SamenleerRound, **values) -> str:
    return web.launch_url("samenleer.show_round", track_id=round_.track_id, number=round_.number, **values)


@bp.get("/t/<int:track_id>/r/<int:number>/vraag/<int:step>")
@web.requires_launch
def ask(track_id: int, number: int, step: int) -> Response | str:
    track, round_ = _round(track_id, number)
    if not can_answer(round_, SIDE_PROFESSIONAL):
        return redirect(_round_url(round_))
    themes = get_themes(web.settings())
    item = question(themes, step, "pro")
    return render_template("samenleer/pro/question.html", track=track, round=round_, themes=themes,
                           question=item, answer=answers(round_, SIDE_PROFESSIONAL).get(item.theme_id))


@bp.post("/t/<int:track_id>/r/<int:number>/vraag/<int:step>")
@web.requires_launch
def answer(track_id: int, number: int, step: int) -> Response:
    _track, round_ = _round(track_id, number)
    if not can_answer(round_, SIDE_PROFESSIONAL):
        return redirect(_round_url(round_), code=303)
    themes = get_themes(web.settings())
    item = question(themes, step, "pro")
    save_form(round_, SIDE_PROFESSIONAL, item, request.form)
    web.db_session().commit()
    target = step - 1 if request.form.get("back") and step > 1 else step + 1
    if target <= step_count(themes):
        return redirect(web.launch_url("samenleer.ask", track_id=track_id, number=number,
                                       step=target), code=303)
    return redirect(web.launch_url("samenleer.review", track_id=track_id, number=number), code=303)


@bp.get("/t/<int:track_id>/r/<int:number>/overzicht")
@web.requires_launch
def review(track_id: int, number: int) -> Response | str:
    track, round_ = _round(track_id, number)
    if not can_answer(round_, SIDE_PROFESSIONAL):
        return redirect(_round_url(round_))
    themes = get_themes(web.settings())
    return render_template("samenleer/pro/review.html", track=track, round=round_, themes=themes,
                           rows=summary(themes, answers(round_, SIDE_PROFESSIONAL), "pro"),
                           step_url=lambda step: web.launch_url(
                               "samenleer.ask", track_id=track_id, number=number, step=step))


@bp.post("/t/<int:track_id>/r/<int:number>/klaar")
@web.requires_launch
def done(track_id: int, number: int) -> Response:
    _track, round_ = _round(track_id, number)
    if can_answer(round_, SIDE_PROFESSIONAL):
        mark_done(round_, SIDE_PROFESSIONAL)
        web.db_session().commit()
    return redirect(_round_url(round_), code=303)


@bp.get("/t/<int:track_id>/r/<int:number>")
@web.requires_launch
def show_round(track_id: int, number: int) -> str:
    track, round_ = _round(track_id, number)
    themes = get_themes(web.settings())
    return render_template(
        "samenleer/pro/round.html", track=track, round=round_, themes=themes,
        comparison=compare(themes, round_) if round_.revealed else None,
        can_answer=can_answer(round_, SIDE_PROFESSIONAL),
        guest_started=bool(answers(round_, SIDE_GUEST)),
        saved=request.args.get("melding") == "afspraken")


@bp.post("/t/<int:track_id>/r/<int:number>/openen")
@web.requires_launch
def open_round(track_id: int, number: int) -> Response:
    _track, round_ = _round(track_id, number)
    open_conversation(round_)
    web.db_session().commit()
    return redirect(_round_url(round_) + "#naast-elkaar", code=303)


@bp.post("/t/<int:track_id>/r/<int:number>/afspraken")
@web.requires_launch
def agreements(track_id: int, number: int) -> Response:
    track, round_ = _round(track_id, number)
    session = web.db_session()
    if close_round(round_, request.form.get("agreements", "")):
        round_held(session, web.current_launch(), web.settings().secret_key, track)
    session.commit()
    return redirect(_round_url(round_, melding="afspraken") + "#afspraken", code=303)

