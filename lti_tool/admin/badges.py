"""``/admin/badges``: the badges the tool issued, and revoking one.

The same operator access as the other admin pages (:mod:`lti_tool.admin.auth`). Revoking
sets the badge's bit in its organisation's status list; verifiers see it at their next
look at the list (it may be cached for a minute).
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import web
from ..badges.achievements import ACHIEVEMENTS
from ..badges.publication import revoke_badge
from ..i18n import N_
from ..models import IssuedBadge, Organisation, as_utc
from .auth import check_form, form_token, protect

bp = Blueprint("badges_admin", __name__, url_prefix="/admin/badges")
protect(bp)

SHOWN = 200
NOTICES = {"revoked": N_("De badge is ingetrokken."),
           "not-revoked": N_("Die badge kon niet worden ingetrokken: hij bestaat niet of was al "
                             "ingetrokken.")}


@bp.get("/")
def index() -> str:
    session = web.db_session()
    rows = session.execute(
        select(IssuedBadge, Organisation).join(Organisation, Organisation.id == IssuedBadge.organisation_id)
        .order_by(IssuedBadge.id.desc()).limit(SHOWN)).all()
    notice = NOTICES.get(request.args.get("notice", ""))
    return render_template("admin/badges.html", rows=rows, form_token=form_token, notice=notice,
                           definitions=ACHIEVEMENTS, as_utc=as_utc, shown=SHOWN)


@bp.post("/<int:badge_id>/intrekken")
def revoke(badge_id: int) -> Response:
    check_form(f"badge-revoke:{badge_id}")
    session = web.db_session()
    done = revoke_badge(session, badge_id)
    session.commit()
    return redirect(url_for(".index", notice="revoked" if done else "not-revoked"), code=303)
