"""``/admin/outbox``: dead-lettered and rejected deliveries, "opnieuw proberen", LRS settings.

For the tool's operator, not for LMS users: see :mod:`lti_tool.admin.auth` for the login
(user ``admin``, password ``ADMIN_TOKEN``), its throttle and headers. Browsers resend
Basic credentials by themselves, so every form also carries a signed, short-lived token
bound to that one form (CSRF); no cookies are involved.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.wrappers import Response

from .. import web
from ..admin.auth import check_form, form_token, protect
from ..content import get_course
from ..i18n import N_
from ..models import LrsSettings, Organisation, OutboxMessage, utcnow
from ..xapi.lrs_config import LrsConfigError, lrs_target, save_lrs
from .failed_rows import describe
from .outcome import DEAD, PENDING, REJECTED

bp = Blueprint("outbox_admin", __name__, url_prefix="/admin/outbox")
protect(bp)

LISTED = 500
NOTICES = {
    "retried": N_("Het bericht staat weer in de wachtrij."),
    "retried-all": N_("Alle mislukte berichten staan weer in de wachtrij."),
    "lrs-saved": N_("De LRS-instellingen zijn opgeslagen."),
}
# The states a listed message can be in.
STATUS_LABELS = {DEAD: N_("opgegeven"), REJECTED: N_("geweigerd")}


@bp.get("/")
def index() -> tuple[str, int]:
    return _page()


def _page(error: str | None = None, status: int = 200) -> tuple[str, int]:
    session = web.db_session()
    failed = session.scalars(select(OutboxMessage).where(OutboxMessage.status.in_([DEAD, REJECTED]))
                             .order_by(OutboxMessage.id.desc()).limit(LISTED)).all()
    failed_total = session.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status.in_([DEAD, REJECTED])))
    pending = dict(session.execute(select(OutboxMessage.target, func.count())
                                   .where(OutboxMessage.status == PENDING)
                                   .group_by(OutboxMessage.target)).all())
    organisations = session.scalars(select(Organisation).order_by(Organisation.name)).all()
    lrs_rows = {row.organisation_id: row for row in session.scalars(select(LrsSettings))}
    notice = NOTICES.get(request.args.get("notice", ""))
    html = render_template(
        "outbox/admin.html", failed=describe(session, failed, get_course(web.settings())),
        failed_total=failed_total, pending=pending,
        organisations=organisations, lrs_rows=lrs_rows, lrs_target=lrs_target, form_token=form_token,
        status_labels=STATUS_LABELS, notice=_(notice) if notice else None, error=error)
    return html, status


def _requeue(*conditions) -> None:
    session = web.db_session()
    session.execute(update(OutboxMessage)
                    .where(OutboxMessage.status.in_([DEAD, REJECTED]), *conditions)
                    .values(status=PENDING, attempts=0, next_attempt_at=utcnow()))
    session.commit()


@bp.post("/retry/<int:message_id>")
def retry(message_id: int) -> Response:
    check_form(f"retry:{message_id}")
    _requeue(OutboxMessage.id == message_id)
    return redirect(url_for(".index", notice="retried"), code=303)


@bp.post("/retry-all")
def retry_all() -> Response:
    check_form("retry-all")
    _requeue()
    return redirect(url_for(".index", notice="retried-all"), code=303)


@bp.post("/lrs/<int:organisation_id>")
def lrs_settings(organisation_id: int) -> Response | tuple[str, int]:
    check_form(f"lrs:{organisation_id}")
    session = web.db_session()
    organisation = session.get(Organisation, organisation_id) or abort(404)
    try:
        save_lrs(session, organisation, web.settings().secret_key,
                 endpoint=request.form.get("endpoint", ""), key=request.form.get("key", ""),
                 secret=request.form.get("secret") or None,
                 enabled=request.form.get("enabled") == "on",
                 identify_learners=request.form.get("identify_learners") == "on")
    except LrsConfigError as exc:
        session.rollback()
        return _page(error=f"{organisation.name}: {exc}", status=422)
    session.commit()
    return redirect(url_for(".index", notice="lrs-saved"), code=303)
