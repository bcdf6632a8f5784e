"""Samenleer-gesprek: a professional and the person they guide look at the guidance together.

Two blueprints:

* ``samenleer`` under ``/samenleer`` (needs a launch): the professional's overview,
  tracks, invites, rounds, side-by-side view, history, export and deletion.
* ``samenleer_gast`` under ``/s/<invite>`` (no launch): the guided person's code page,
  questions, side-by-side view and the deletion of their own answers.

Answers never leave the two people of a track: not to trainers, the LMS or the LRS.
"""

from flask import Blueprint, Response, g
from markupsafe import Markup

from .. import web
from .content import content_language
from .guest_language import choose_language, language_choices, remember_language

bp = Blueprint("samenleer", __name__, url_prefix="/samenleer")
guest_bp = Blueprint("samenleer_gast", __name__, url_prefix="/s/<invite>")


def _private(response: Response) -> Response:
    """Answers are personal: never indexed (and, like every page, never cached)."""
    response.headers["X-Robots-Tag"] = "noindex"
    return response


bp.after_request(_private)
guest_bp.after_request(_private)


@bp.context_processor
def _launch_field() -> dict:
    """``token_field``: the hidden launch token every form carries (it is the CSRF token too)."""
    return {"token_field": Markup('<input type="hidden" name="lt" value="{}">').format(
        g.get("launch_token", ""))}


@guest_bp.context_processor
def _guest_field() -> dict:
    """``token_field``: the hidden guest token, the guest forms' CSRF token; and the
    language links of the page."""
    guest = g.get("samenleer_guest")
    return {"token_field": Markup('<input type="hidden" name="gt" value="{}">').format(
        guest.guest_token if guest else ""), "guest": guest, "languages": language_choices()}


@guest_bp.before_request
def _guest_language() -> None:
    choose_language(content_language(web.settings()))


guest_bp.after_request(remember_language)

from . import guest_views, pro_round_views, pro_views  # noqa: E402,F401  (register the routes)
