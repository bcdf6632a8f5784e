"""Practice cases: the inbrenger's offer, the group's consent, the trainer's approval, and
the case block that learners of the course play."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import redirect, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from .. import web
from ..content.model import CaseBlock, CaseChoice, CaseStep
from ..errors import ProblemError
from ..models.intervisie import STATUS_DONE, IntervisiePracticeCase
from . import bp, practice
from .groups import clean_text
from .privacy import find_traceable
from .session_views import member_session
from .steps import TEXT_MAX


def _own_finished(session_id: int):
    row, member, method = member_session(session_id)
    if row.status != STATUS_DONE or member.id != row.inbrenger_id:
        raise ProblemError(403, _("Geen toegang"), _("Alleen de inbrenger kan de casus aanbieden, "
                                                      "na afloop van de bespreking."),
                           check="intervisie_offer")
    return row, member, method


def _advice_entries(row, method):
    others = {step.id for step in method.steps if step.who == "others" and step.kind == "write"}
    return [entry for entry in row.entries if entry.step_id in others]


@bp.get("/s/<int:session_id>/oefencasus")
@web.requires_launch
def offer_form(session_id: int) -> str:
    row, member, method = _own_finished(session_id)
    case = next((e.text for e in row.entries if e.step_id == method.steps[0].id), "")
    takeaway = " ".join(e.text for e in row.entries if e.member_id == member.id
                        and e.step_id != method.steps[0].id and e.step_id != method.steps[-1].id)
    return render_template("intervisie/offer.html", row=row, member=member, title="",
                           situation=case, takeaway=takeaway, advice=_advice_entries(row, method),
                           chosen=set(), findings=None, credit=False)


@bp.post("/s/<int:session_id>/oefencasus")
@web.requires_launch
def offer(session_id: int) -> Response | tuple[str, int]:
    row, member, method = _own_finished(session_id)
    title = clean_text(request.form.get("title", ""), practice.TITLE_MAX)
    situation = request.form.get("situation", "").replace("\x00", "").strip()[:TEXT_MAX]
    takeaway = request.form.get("takeaway", "").replace("\x00", "").strip()[:TEXT_MAX]
    entries = {str(e.id): e.text for e in _advice_entries(row, method)}
    chosen = [key for key in request.form.getlist("advice") if key in entries]
    credited = bool(request.form.get("credit"))
    findings = find_traceable(f"{title}\n{situation}\n{takeaway}")
    problem = not title or not situation or not (
        practice.ADVICE_MIN <= len(chosen) <= practice.ADVICE_MAX)
    if problem or (findings and not request.form.get("confirmed")):
        return render_template(
            "intervisie/offer.html", row=row, member=member, title=title, situation=situation,
            takeaway=takeaway, advice=_advice_entries(row, method), chosen=set(chosen),
            findings=findings, credit=credited, problem=problem), 422
    session = web.db_session()
    practice.offer(session, row, web.current_launch().context_id, title, situation,
                   [entries[key] for key in chosen], takeaway,
                   member.display_name if credited else None)
    session.commit()
    return redirect(web.launch_url("intervisie.session", session_id=row.id) + "#oefencasus",
                    code=303)


@bp.post("/s/<int:session_id>/oefencasus/akkoord")
@web.requires_launch
def agree(session_id: int) -> Response:
    row, member, _method = member_session(session_id)
    session = web.db_session()
    case = practice.offer_of(session, row)
    if case is not None:
        practice.agree(session, case, row, member)
        session.commit()
    return redirect(web.launch_url("intervisie.session", session_id=row.id) + "#oefencasus",
                    code=303)


@bp.post("/oefencasussen/<int:case_id>/goedkeuren")
@web.requires_instructor
def approve(case_id: int) -> Response:
    session = web.db_session()
    practice.approve(session, web.current_launch(), case_id)
    session.commit()
    return redirect(web.launch_url("intervisie.trainer") + "#oefencasussen", code=303)


@bp.get("/oefencasussen")
@web.requires_launch
def practice_cases() -> str:
    cases = practice.course_cases(web.db_session(), web.current_launch())
    return render_template("intervisie/practice_list.html", cases=cases, credit=practice.credit)


# ---- playing a practice case with the case block's own template ----------------------------

@dataclass(frozen=True)
class _Move:
    choice: CaseChoice


@dataclass
class _State:
    path: list[_Move] = field(default_factory=list)
    current_step: CaseStep | None = None
    error: str | None = None
    unsent: bool = False

    def kept(self, _name: str) -> list[str]:
        return []


class _Urls:
    def __init__(self, case_id: int) -> None:
        self.case_id = case_id

    def action(self, _name: str) -> str:
        return web.launch_url("intervisie.play_case", case_id=self.case_id)

    def hidden_fields(self) -> Markup:
        return Markup('<input type="hidden" name="lt" value="{}">').format(web.launch_token())


def _plain(text: str) -> Markup:
    """Learner text in the case template: escaped, one paragraph per line (never Markdown)."""
    return Markup("").join(Markup("<p>{}</p>").format(line)
                           for line in str(escape(text)).split("\n") if line.strip()) \
        if text else Markup("")


def _approved(case_id: int) -> IntervisiePracticeCase:
    found = next((c for c in practice.course_cases(web.db_session(), web.current_launch())
                  if c.id == case_id), None)
    if found is None:
        raise ProblemError(404, _("Niet gevonden"), _("Deze oefencasus bestaat niet (meer)."),
                           check="intervisie_practice")
    return found


def _play(case: IntervisiePracticeCase, block: CaseBlock, state: _State) -> str:
    return render_template("intervisie/practice_case.html", case=case, block=block, state=state,
                           urls=_Urls(case.id), md=_plain, content_lang=None)


@bp.route("/oefencasussen/<int:case_id>", methods=["GET", "POST"])
@web.requires_launch
def play_case(case_id: int) -> str:
    case = _approved(case_id)
    block = practice.as_case_block(case)
    step = block.steps[0]
    if request.method == "POST" and not request.form.get("restart"):
        choice = step.choice(request.form.get("choice", ""))
        if choice is not None:
            return _play(case, block, _State(path=[_Move(choice)]))
        return _play(case, block, _State(current_step=step, error=_("Kies eerst wat jij zou doen.")))
    return _play(case, block, _State(current_step=step))
