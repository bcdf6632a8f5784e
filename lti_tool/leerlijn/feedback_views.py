"""The praktijkopleider's or teamleider's pages under ``/f/<invite>``: no LMS, no account,
a phone is enough. They see the praktijkopdracht and what the werkbegeleider says they did
(not the reflection), answer a few questions once, and are thanked.

Each form carries a timed signature over the invite (``ft``): the form's CSRF token.
Answers are counted against a rate limit per link and per network.
"""

from __future__ import annotations

from datetime import timedelta

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from .. import web
from ..branding import brand_for
from ..errors import ProblemError
from ..marker import N_
from ..models import Learner, Organisation
from ..models.leerlijn import LeerlijnFeedbackInvite
from ..ratelimit import Rule, Window, network_of
from . import feedback_bp
from .assignments import ROLE_LABELS, ROLES, resolve_invite, save_feedback
from .common import leerlijn

FORM_SECONDS = 3 * 3600
LINK_TRIES = Rule("leerlijn-feedback-link", (Window(10, timedelta(minutes=15)),))
NETWORK_TRIES = Rule("leerlijn-feedback-network", (Window(30, timedelta(minutes=15)),))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(web.settings().secret_key, salt="leerlijn-feedback-form")


def _invite(invite: str) -> LeerlijnFeedbackInvite:
    return resolve_invite(web.db_session(), invite, web.settings().secret_key)


def _render(found: LeerlijnFeedbackInvite, template: str, status: int = 200, **context) -> tuple[str, int]:
    work = found.work
    organisation = web.db_session().get(Organisation, work.organisation_id)
    learner = web.db_session().get(Learner, work.learner_id)
    first_name = ((learner.name if learner else None) or "").split(" ")[0] or _("je collega")
    assignment = leerlijn().assignment(work.assignment_id)
    if assignment is None:
        raise ProblemError(410, N_("Deze opdracht bestaat niet meer"), N_("Je hoeft niets te doen."),
                           check="leerlijn_feedback_assignment")
    return render_template(template, work=work, assignment=assignment, name=first_name,
                           brand=brand_for(organisation), roles=ROLES, role_labels=ROLE_LABELS,
                           brand_css_url=url_for("branding.brand_css", organisation_id=work.organisation_id),
                           **context), status


@feedback_bp.get("/")
def entry(invite: str) -> tuple[str, int]:
    found = _invite(invite)
    if found.work.feedback is not None:
        return _render(found, "leerlijn/feedback_thanks.html")
    return _render(found, "leerlijn/feedback_form.html", invite=invite, answers={},
                   form_token=_serializer().dumps(found.id))


@feedback_bp.post("/")
def answer(invite: str) -> Response | tuple[str, int]:
    found = _invite(invite)
    try:
        form_id = _serializer().loads(request.form.get("ft", ""), max_age=FORM_SECONDS)
    except (SignatureExpired, BadSignature) as exc:
        raise ProblemError(400, N_("Dit formulier is verlopen"),
                           N_("Open de link opnieuw en vul de vragen nog eens in."),
                           check="leerlijn_feedback_form") from exc
    if form_id != found.id:
        raise ProblemError(400, N_("Dit formulier is verlopen"),
                           N_("Open de link opnieuw en vul de vragen nog eens in."),
                           check="leerlijn_feedback_form")
    if found.work.feedback is not None:
        return redirect(url_for(".entry", invite=invite), code=303)
    verdict = web.rate_limiter().attempt([(LINK_TRIES, str(found.id)),
                                          (NETWORK_TRIES, network_of(request.remote_addr))])
    if not verdict.allowed:
        raise ProblemError(429, N_("Even wachten"),
                           N_("Er is te vaak verstuurd. Probeer het over een kwartier opnieuw."),
                           check="leerlijn_feedback_rate")
    assignment = leerlijn().assignment(found.work.assignment_id)
    questions = assignment.questions if assignment else []
    answers = {q.id: request.form.get(f"q-{q.id}", "").strip() for q in questions}
    role = request.form.get("role", "")
    if not any(answers.values()) or role not in ROLES:
        return _render(found, "leerlijn/feedback_form.html", 400, invite=invite, answers=answers,
                       role=role, form_token=_serializer().dumps(found.id),
                       error=_("Kies wie je bent en beantwoord minstens één vraag."))
    save_feedback(web.db_session(), found.work, role, answers)
    web.db_session().commit()
    return redirect(url_for(".entry", invite=invite), code=303)
