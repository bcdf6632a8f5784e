"""``/admin/registraties``: one-time registration links and the registrations they made.

The same operator access as ``/admin/outbox`` (:mod:`lti_tool.admin.auth`: HTTP Basic
with ``ADMIN_TOKEN``, forms with a signed per-form token). A new link is shown once, on the answer to the form
that made it: only its hash is stored.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import web
from ..i18n import N_
from ..lti.invitations import (
    DEFAULT_EXPIRES_HOURS,
    InvitationInputError,
    create_invitation,
    invitation_state,
    list_invitations,
    revoke_invitation,
)
from ..lti.registrations import list_registrations
from ..models import Organisation
from .auth import check_form, form_token, protect

bp = Blueprint("registrations_admin", __name__, url_prefix="/admin/registraties")
protect(bp)

STATES = {"open": N_("open"), "used": N_("gebruikt"), "revoked": N_("ingetrokken"),
          "expired": N_("verlopen")}
NOTICES = {"revoked": N_("De registratielink is ingetrokken."),
           "not-revoked": N_("Die registratielink kon niet worden ingetrokken: hij is al gebruikt of "
                             "ingetrokken.")}


@bp.get("/")
def index() -> tuple[str, int]:
    notice = NOTICES.get(request.args.get("notice", ""))
    return _page(notice=_(notice) if notice else None)


def _page(*, notice: str | None = None, error: str | None = None, new_link: str | None = None,
          status: int = 200) -> tuple[str, int]:
    session = web.db_session()
    html = render_template(
        "admin/registrations.html", invitations=list_invitations(session),
        registrations=list_registrations(session), state_of=invitation_state, states=STATES,
        organisations=session.scalars(select(Organisation).order_by(Organisation.slug)).all(),
        default_hours=DEFAULT_EXPIRES_HOURS, form_token=form_token, notice=notice, error=error,
        new_link=new_link, form=request.form)
    return html, status


@bp.post("/uitnodigingen")
def invite() -> tuple[str, int]:
    check_form("invite")
    session = web.db_session()
    try:
        hours = float(request.form.get("expires_hours") or DEFAULT_EXPIRES_HOURS)
        _row, url = create_invitation(
            session, web.settings(), organisation_slug=request.form.get("organisation", ""),
            organisation_name=request.form.get("organisation_name") or None, expires_hours=hours,
            service_hosts=tuple(request.form.get("service_hosts", "").replace(",", " ").split()),
            created_by="admin")
    except (InvitationInputError, ValueError):
        session.rollback()
        return _page(error=_("Geef een organisatie-slug (a-z, 0-9 en '-'), een geldigheid van "
                             "hoogstens 720 uur en alleen hostnamen (eventueel met :poort)."), status=422)
    session.commit()
    return _page(new_link=url, status=201)


@bp.post("/uitnodigingen/<int:invitation_id>/intrekken")
def revoke(invitation_id: int) -> Response:
    check_form(f"revoke:{invitation_id}")
    session = web.db_session()
    done = revoke_invitation(session, invitation_id)
    session.commit()
    return redirect(url_for(".index", notice="revoked" if done else "not-revoked"), code=303)
