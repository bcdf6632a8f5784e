"""The operator's page for regional networks (``/admin/netwerken``, behind ``ADMIN_TOKEN``):
which organisations may open intervisie groups to each other."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import web
from ..branding import display_name
from ..intervisie.groups import clean_text
from ..intervisie.network import NAME_MAX, create_network, memberships, networks, place
from ..models import Organisation
from .auth import check_form, form_token, protect

bp = Blueprint("network_admin", __name__, url_prefix="/admin/netwerken")
protect(bp)
FORM = "intervisie-networks"


@bp.get("/")
def index() -> str:
    session = web.db_session()
    return render_template(
        "admin/networks.html", networks=networks(session), placed=memberships(session),
        organisations=session.scalars(select(Organisation).order_by(Organisation.slug)).all(),
        display_name=display_name, form_token=form_token(FORM),
        saved=request.args.get("notice") == "saved")


@bp.post("/")
def new_network() -> Response:
    check_form(FORM)
    name = clean_text(request.form.get("name", ""), NAME_MAX)
    if name:
        session = web.db_session()
        create_network(session, name)
        session.commit()
    return redirect(url_for(".index", notice="saved"), code=303)


@bp.post("/<int:organisation_id>")
def assign(organisation_id: int) -> Response:
    check_form(FORM)
    session = web.db_session()
    organisation = session.get(Organisation, organisation_id) or abort(404)
    chosen = request.form.get("network", "")
    try:
        place(session, organisation, int(chosen) if chosen.isdigit() and len(chosen) < 12 else None)
    except ValueError:
        abort(400)
    session.commit()
    return redirect(url_for(".index", notice="saved"), code=303)
