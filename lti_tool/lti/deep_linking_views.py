"""The content picker a course designer sees after a Deep Linking launch."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import web
from ..content import get_course
from ..content_items import catalogue, find, matches
from ..errors import ProblemError
from ..grading.rules import BEST, POLICIES
from ..models import LaunchSession, PlatformRegistration
from .deep_linking import response_jwt
from .routes import bp, launch_url
from .tool_conf import load_registration


def _deep_linking_session() -> tuple[LaunchSession, dict]:
    launch = web.current_launch()
    row = web.db_session().get(LaunchSession, launch.session_id)
    if row is None or not row.deep_linking:
        raise ProblemError(400, _("Geen verzoek om inhoud te kiezen"),
                           _("Open deze pagina via 'inhoud toevoegen' in je leeromgeving."),
                           check="message_type")
    if not launch.is_instructor:
        raise ProblemError(403, _("Geen toegang"), _("Alleen docenten en ontwerpers kiezen inhoud."),
                           check="role")
    return row, row.deep_linking


def _kind_texts() -> dict[str, str]:
    """One line per kind of placement: what it is and what the gradebook gets."""
    return {"module": _("Module: lesstof met vragen. Krijgt een kolom in de cijferlijst."),
            "zelfscan": _("Zelfscan: de deelnemer kijkt waar hij staat. Afronden telt als "
                          "voldaan in de cijferlijst."),
            "samenleer": _("Samenleer: voor werkbegeleiders en wie zij begeleiden."),
            "intervisie": _("Intervisie: werkbegeleiders bespreken samen een casus. Meedoen "
                            "telt als voldaan in de cijferlijst."),
            "dashboard": _("Overzicht: alleen docenten en trainers kunnen het openen.")}


@bp.get("/deep-link")
@web.requires_launch
def deep_link():
    _row, settings = _deep_linking_session()
    query = request.args.get("q", "").strip()
    staff = web.current_launch().is_instructor
    items = [item for item in catalogue(get_course(web.settings()), staff=staff)
             if matches(item, query)]
    return render_template("lti/deep_link.html", items=items, query=query, kinds=_kind_texts(),
                           multiple=bool(settings.get("accept_multiple", True)),
                           title=settings.get("title"), text=settings.get("text"))


@bp.post("/deep-link")
@web.requires_launch
def deep_link_return():
    row, settings = _deep_linking_session()
    course = get_course(web.settings())
    chosen = [find(course, item_id, staff=web.current_launch().is_instructor)
              for item_id in request.form.getlist("item")]
    items = [item for item in chosen if item is not None]
    if not items:
        raise ProblemError(400, _("Niets gekozen"), _("Kies minstens één onderdeel."), check="item")
    grading = request.form.get("grading") or BEST
    if grading not in POLICIES:
        raise ProblemError(400, _("Onbekende keuze voor de poging die telt"),
                           _("Kies de beste of de laatste poging."), check="grading")
    if not settings.get("accept_multiple", True):
        items = items[:1]
    if "ltiResourceLink" not in settings.get("accept_types", ["ltiResourceLink"]):
        raise ProblemError(400, _("Dit platform accepteert geen LTI-links"),
                           _("De leeromgeving vraagt om een ander soort inhoud."), check="accept_types")
    registration_row = web.db_session().get(PlatformRegistration, row.registration_id)
    assert registration_row is not None
    registration = load_registration(web.db_session(), registration_row)
    token = response_jwt(registration, row.deployment_id, settings, items, launch_url(),
                         grading=grading)
    return render_template("lti/deep_link_return.html", action=settings["deep_link_return_url"],
                           jwt=token, items=items)
