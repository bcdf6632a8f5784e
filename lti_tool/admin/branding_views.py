"""The branding page, for two people who may change an organisation's look:

* the organisation's own LMS administrator, launching the tool with an administrator
  role (``/huisstijl``, blueprint ``branding_launch``): only their own organisation;
  the launch token ``lt`` in the form is its CSRF token;
* the tool's operator (``/admin/huisstijl/<id>``, blueprint ``branding_admin``, behind
  ``ADMIN_TOKEN``): any organisation; each form carries a signed per-form token.

A refused form (too little contrast, a wrong logo) is shown again with what was typed,
what is wrong and the contrast ratios, and nothing is stored (422).
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import web
from ..branding import HEX_COLOUR, brand_for, display_name
from ..errors import ProblemError
from ..models import Organisation
from .auth import check_form, form_token, protect
from .branding_settings import (
    MAX_LOGO_BYTES,
    BrandingError,
    BrandingInput,
    contrast_checks,
    save_branding,
)

launch_bp = Blueprint("branding_launch", __name__, url_prefix="/huisstijl")
admin_bp = Blueprint("branding_admin", __name__, url_prefix="/admin/huisstijl")
protect(admin_bp)

SAVED = "saved"


def _input() -> BrandingInput:
    upload = request.files.get("logo")
    data = upload.read(MAX_LOGO_BYTES + 1) if upload is not None and upload.filename else None
    return BrandingInput(display_name=request.form.get("display_name", ""),
                         primary_color=request.form.get("primary_color", "").strip(),
                         accent_color=request.form.get("accent_color", "").strip(),
                         logo=data or None, remove_logo=request.form.get("remove_logo") == "on")


def _page(organisation: Organisation, action: str, hidden: dict[str, str],
          shown: BrandingInput | None = None, problems: list[str] | None = None,
          status: int = 200) -> tuple[str, int]:
    """The form with the stored look, or with what was sent (``shown``) and why it was refused."""
    brand = brand_for(organisation)
    values = shown or BrandingInput(display_name=organisation.display_name or "",
                                    primary_color=brand.primary_color, accent_color=brand.accent_color)
    colours = (values.primary_color, values.accent_color)
    checks = contrast_checks(*colours) if all(HEX_COLOUR.match(c) for c in colours) else {}
    html = render_template(
        "admin/branding.html", organisation=organisation, shown_name=display_name(organisation),
        values=values, checks=checks, logo_url=brand.logo_url, action=action, hidden=hidden,
        problems=problems or [], saved=request.args.get("notice") == SAVED,
        max_logo_kb=MAX_LOGO_BYTES // 1024)
    return html, status


def _save(organisation: Organisation, action: str, hidden: dict[str, str]) -> tuple[str, int] | None:
    """Store the form; the refused page to show instead, or ``None`` when it was stored."""
    session = web.db_session()
    form = _input()
    try:
        save_branding(session, organisation, form)
    except BrandingError as refused:
        session.rollback()
        return _page(organisation, action, hidden, shown=form, problems=refused.problems, status=422)
    session.commit()
    return None


def _launch_organisation() -> Organisation:
    launch = web.current_launch()
    if not launch.is_admin:
        raise ProblemError(403, _("Geen toegang"),
                           _("De huisstijl kan alleen de beheerder van de leeromgeving aanpassen."),
                           check="role")
    organisation = web.db_session().get(Organisation, launch.organisation_id)
    assert organisation is not None
    return organisation


@launch_bp.get("/")
@web.requires_launch
def edit() -> tuple[str, int]:
    organisation = _launch_organisation()
    return _page(organisation, url_for(".save"), {web.TOKEN_PARAM: web.launch_token()})


@launch_bp.post("/")
@web.requires_launch
def save() -> Response | tuple[str, int]:
    organisation = _launch_organisation()
    refused = _save(organisation, url_for(".save"), {web.TOKEN_PARAM: web.launch_token()})
    return refused or redirect(web.launch_url(".edit", notice=SAVED), code=303)


@admin_bp.get("/")
def index() -> str:
    organisations = web.db_session().scalars(select(Organisation).order_by(Organisation.slug)).all()
    return render_template("admin/branding_list.html", organisations=organisations,
                           display_name=display_name)


def _admin_organisation(organisation_id: int) -> Organisation:
    return web.db_session().get(Organisation, organisation_id) or abort(404)


@admin_bp.get("/<int:organisation_id>")
def admin_edit(organisation_id: int) -> tuple[str, int]:
    action = url_for(".admin_save", organisation_id=organisation_id)
    return _page(_admin_organisation(organisation_id), action,
                 {"form_token": form_token(f"branding:{organisation_id}")})


@admin_bp.post("/<int:organisation_id>")
def admin_save(organisation_id: int) -> Response | tuple[str, int]:
    form = f"branding:{organisation_id}"
    check_form(form)
    action = url_for(".admin_save", organisation_id=organisation_id)
    refused = _save(_admin_organisation(organisation_id), action, {"form_token": form_token(form)})
    return refused or redirect(url_for(".admin_edit", organisation_id=organisation_id, notice=SAVED),
                               code=303)
