"""The guided person's pages under ``/s/<invite>``: no LMS, no account, a phone is enough."""

from __future__ import annotations

from datetime import datetime

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import update
from werkzeug.wrappers import Response

from .. import web
from ..branding import brand_for
from ..errors import ProblemError
from ..marker import N_
from ..models import Organisation, utcnow
from ..models.samenleer import SIDE_GUEST, SamenleerInvite, SamenleerTrack
from ..ratelimit import network_of
from . import guest_bp
from .codes import code_problem, hash_code, verify_code
from .compare import compare
from .content import get_themes
from .guest_session import current_guest, guest_url, invite_from_path, requires_guest
from .history import visible_rounds
from .invites import (
    GUEST_COOKIE,
    GUEST_SESSION_SECONDS,
    claim,
    guest_token_valid,
    issue_guest_token,
)
from .questions import Audience, question, save_form, step_count, summary
from .ratelimit import NETWORK, TRACK, clock_time
from .rounds import (
    answers,
    can_answer,
    current_round,
    delete_guest_answers,
    last_closed,
    mark_done,
)


def _render(template: str, track: SamenleerTrack, status: int = 200, **context) -> tuple[str, int]:
    """Guest pages wear the look of the professional's organisation."""
    organisation = web.db_session().get(Organisation, track.organisation_id)
    html = render_template(template, track=track, brand=brand_for(organisation),
                           brand_css_url=url_for("branding.brand_css",
                                                 organisation_id=track.organisation_id),
                           guest_url=guest_url, **context)
    return html, status


def _audience(track: SamenleerTrack) -> Audience:
    return "visual" if track.visual else "guest"


# ---- the code page -------------------------------------------------------------------------------

@guest_bp.get("/")
def entry(invite: str) -> Response | tuple[str, int]:
    found = invite_from_path(invite)
    cookie = request.cookies.get(GUEST_COOKIE)
    if guest_token_valid(cookie, found, web.settings().secret_key):
        return redirect(url_for(".home", invite=invite, gt=cookie))
    return _code_page(invite, found)


def _code_page(invite: str, found: SamenleerInvite, status: int = 200, error: str | None = None,
               locked_until: datetime | None = None) -> tuple[str, int]:
    minutes = None
    if locked_until is not None:
        minutes = max(1, round((locked_until - utcnow()).total_seconds() / 60))
    return _render("samenleer/guest/code.html", found.track, status, invite=invite,
                   setting=found.track.code_hash is None, error=error, minutes=minutes,
                   until=clock_time(locked_until) if locked_until else None)


CODE_ERRORS = {
    "format": lambda: _("Je code moet 4, 5 of 6 cijfers hebben."),
    "too_easy": lambda: _("Deze code is te makkelijk te raden. Kies andere cijfers."),
    "repeat": lambda: _("De twee codes zijn niet hetzelfde. Probeer het nog een keer."),
}


@guest_bp.post("/")
def code(invite: str) -> Response | tuple[str, int]:
    found = invite_from_path(invite)
    track = found.track
    settings = web.settings()
    given = request.form.get("code", "").strip()
    if track.code_hash is None:
        problem = code_problem(given)
        if problem is None and given != request.form.get("repeat", "").strip():
            problem = "repeat"
        if problem:
            return _code_page(invite, found, 400, CODE_ERRORS[problem]())
        if _first_code(track, hash_code(given, track.code_salt, settings.secret_key)):
            return _signed_in(invite, found)
        # Someone with the same link chose a code a moment ago: theirs stays, and this
        # code counts as a try at it (the same person clicking twice gets in).
    limiter = web.rate_limiter()
    network = network_of(request.remote_addr)
    checks = [(TRACK, str(track.id)), (NETWORK, network)]
    verdict = limiter.attempt(checks)  # counted before the code is checked
    if not verdict.allowed:
        return _code_page(invite, found, 429, locked_until=verdict.locked_until)
    if verify_code(given, track.code_salt, track.code_hash, settings.secret_key):
        limiter.reset(TRACK, str(track.id))
        limiter.refund(NETWORK, network)
        return _signed_in(invite, found)
    if verdict.remaining == 0:  # that was the last try
        locked = [until for rule, subject in checks if (until := limiter.locked_until(rule, subject))]
        return _code_page(invite, found, 429, locked_until=max(locked, default=None))
    return _code_page(invite, found, 400, _("Deze code klopt niet. Je kunt het nog %(n)s keer "
                                            "proberen.", n=verdict.remaining))


def _first_code(track: SamenleerTrack, code_hash: str) -> bool:
    """Set the guest's code only if none is set yet: of two first codes at once, one wins."""
    session = web.db_session()
    won = session.execute(
        update(SamenleerTrack).where(SamenleerTrack.id == track.id, SamenleerTrack.code_hash.is_(None))
        .values(code_hash=code_hash).execution_options(synchronize_session=False)).rowcount == 1
    session.refresh(track, ["code_hash"])
    return won


def _signed_in(invite: str, found: SamenleerInvite) -> Response:
    claim(found)
    found.track.touch()
    web.db_session().commit()
    token = issue_guest_token(found, web.settings().secret_key)
    response = redirect(url_for(".home", invite=invite, gt=token), code=303)
    response.set_cookie(GUEST_COOKIE, token, max_age=GUEST_SESSION_SECONDS, httponly=True,
                        samesite="Lax", secure=web.settings().secure_cookies, path="/s/")
    return response


@guest_bp.post("/afsluiten")
@requires_guest
def sign_out() -> Response:
    response = redirect(url_for(".entry", invite=current_guest().invite_token), code=303)
    response.delete_cookie(GUEST_COOKIE, path="/s/")
    return response


# ---- answering -----------------------------------------------------------------------------------

@guest_bp.get("/start")
@requires_guest
def home() -> tuple[str, int]:
    track = current_guest().track
    round_ = current_round(track)
    revealed = visible_rounds(track)
    return _render("samenleer/guest/home.html", track, round=round_,
                   can_answer=round_ is not None and can_answer(round_, SIDE_GUEST),
                   agreed=last_closed(track), latest_revealed=revealed[-1] if revealed else None,
                   themes=get_themes(web.settings()), deleted=request.args.get("gewist"))


def _answerable_round():
    round_ = current_round(current_guest().track)
    return round_ if round_ is not None and can_answer(round_, SIDE_GUEST) else None


@guest_bp.get("/vraag/<int:step>")
@requires_guest
def ask(step: int) -> Response | tuple[str, int]:
    track = current_guest().track
    round_ = _answerable_round()
    if round_ is None:
        return redirect(guest_url(".home"))
    themes = get_themes(web.settings())
    item = question(themes, step, _audience(track))
    return _render("samenleer/guest/question.html", track, themes=themes, question=item,
                   answer=answers(round_, SIDE_GUEST).get(item.theme_id))


@guest_bp.post("/vraag/<int:step>")
@requires_guest
def answer(step: int) -> Response:
    track = current_guest().track
    round_ = _answerable_round()
    if round_ is None:
        return redirect(guest_url(".home"), code=303)
    themes = get_themes(web.settings())
    item = question(themes, step, _audience(track))
    save_form(round_, SIDE_GUEST, item, request.form)
    web.db_session().commit()
    if request.form.get("back") and step > 1:
        return redirect(guest_url(".ask", step=step - 1), code=303)
    if step < step_count(themes):
        return redirect(guest_url(".ask", step=step + 1), code=303)
    return redirect(guest_url(".review"), code=303)


@guest_bp.get("/overzicht")
@requires_guest
def review() -> Response | tuple[str, int]:
    track = current_guest().track
    round_ = _answerable_round()
    if round_ is None:
        return redirect(guest_url(".home"))
    themes = get_themes(web.settings())
    return _render("samenleer/guest/review.html", track, themes=themes,
                   rows=summary(themes, answers(round_, SIDE_GUEST), _audience(track)),
                   step_url=lambda step: guest_url(".ask", step=step))


@guest_bp.post("/klaar")
@requires_guest
def done() -> Response:
    round_ = _answerable_round()
    if round_ is not None:
        mark_done(round_, SIDE_GUEST)
        web.db_session().commit()
    return redirect(guest_url(".home"), code=303)


@guest_bp.get("/samen", defaults={"number": None})
@guest_bp.get("/samen/<int:number>")
@requires_guest
def together(number: int | None) -> Response | tuple[str, int]:
    """Both sides' answers of a revealed round: the latest, or round ``number``."""
    track = current_guest().track
    revealed = visible_rounds(track)
    if not revealed:
        return redirect(guest_url(".home"))
    round_ = revealed[-1] if number is None else next(
        (r for r in revealed if r.number == number), None)
    if round_ is None:
        raise ProblemError(404, N_("Dit gesprek is er niet"), N_("Ga terug naar het begin."),
                           check="samenleer_round")
    themes = get_themes(web.settings())
    return _render("samenleer/guest/compare.html", track, themes=themes, round=round_,
                   comparison=compare(themes, round_), earlier=len(revealed) > 1)


@guest_bp.get("/eerder")
@requires_guest
def history() -> tuple[str, int]:
    """The earlier conversations: what was agreed, and a way to see the answers again."""
    track = current_guest().track
    return _render("samenleer/guest/history.html", track, themes=get_themes(web.settings()),
                   rounds=list(reversed(visible_rounds(track))))


# ---- deleting one's own answers -----------------------------------------------------------------

@guest_bp.get("/wissen")
@requires_guest
def confirm_delete() -> tuple[str, int]:
    return _render("samenleer/guest/delete.html", current_guest().track)


@guest_bp.post("/wissen")
@requires_guest
def delete() -> Response:
    delete_guest_answers(web.db_session(), current_guest().track)
    web.db_session().commit()
    return redirect(guest_url(".home", gewist=1), code=303)
