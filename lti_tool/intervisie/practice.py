"""From case to shared practice: after a finished session the inbrenger may offer the case,
anonymised, as a practice case for the course. Every other member who took part must agree;
then the trainer approves, and learners of the course can play it as a case block.

The practice case keeps only what the inbrenger wrote for it (and the advice they picked),
credited by the name they chose or as "een werkbegeleider uit het netwerk".
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..content.model import CaseBlock, CaseChoice, CaseStep
from ..launch_context import Launch
from ..models import utcnow
from ..models.intervisie import (
    CASE_APPROVED,
    CASE_CONSENT,
    CASE_PROPOSED,
    IntervisieCaseConsent,
    IntervisieMember,
    IntervisiePracticeCase,
    IntervisieSession,
)
from ..models.upsert import upsert
from .steps import participants

ADVICE_MIN, ADVICE_MAX = 2, 4
TITLE_MAX = 80


def offer_of(session: Session, row: IntervisieSession) -> IntervisiePracticeCase | None:
    return session.scalars(select(IntervisiePracticeCase).where(
        IntervisiePracticeCase.session_id == row.id)).first()


def offer(session: Session, row: IntervisieSession, context_id: int | None, title: str,
          situation: str, advice: Sequence[str], takeaway: str, credit_name: str | None
          ) -> IntervisiePracticeCase:
    """The inbrenger's offer (sent twice: the first one stays)."""
    case = upsert(session, IntervisiePracticeCase, {
        "organisation_id": row.group.organisation_id, "context_id": context_id,
        "session_id": row.id, "title": title[:TITLE_MAX], "situation": situation,
        "advice": list(advice)[:ADVICE_MAX], "takeaway": takeaway, "credit_name": credit_name,
        "status": CASE_CONSENT}, ("session_id",))
    _agree(session, case, row.inbrenger_id)
    settle(session, case, row)
    return case


def _agree(session: Session, case: IntervisiePracticeCase, member_id: int) -> None:
    upsert(session, IntervisieCaseConsent, {"case_id": case.id, "member_id": member_id},
           ("case_id", "member_id"))


def consented(session: Session, case: IntervisiePracticeCase) -> set[int]:
    return set(session.scalars(select(IntervisieCaseConsent.member_id).where(
        IntervisieCaseConsent.case_id == case.id)))


def settle(session: Session, case: IntervisiePracticeCase, row: IntervisieSession) -> None:
    """Once everyone who took part agreed, the offer goes to the trainer."""
    if participants(session, row) <= consented(session, case):
        session.execute(update(IntervisiePracticeCase).where(
            IntervisiePracticeCase.id == case.id, IntervisiePracticeCase.status == CASE_CONSENT)
            .values(status=CASE_PROPOSED).execution_options(synchronize_session=False))
        session.refresh(case)


def agree(session: Session, case: IntervisiePracticeCase, row: IntervisieSession,
          member: IntervisieMember) -> None:
    _agree(session, case, member.id)
    settle(session, case, row)


def proposed(session: Session, launch: Launch) -> list[IntervisiePracticeCase]:
    return list(session.scalars(select(IntervisiePracticeCase).where(
        IntervisiePracticeCase.organisation_id == launch.organisation_id,
        IntervisiePracticeCase.context_id == launch.context_id,
        IntervisiePracticeCase.status == CASE_PROPOSED).order_by(IntervisiePracticeCase.id)))


def approve(session: Session, launch: Launch, case_id: int) -> bool:
    done = session.execute(update(IntervisiePracticeCase).where(
        IntervisiePracticeCase.id == case_id,
        IntervisiePracticeCase.organisation_id == launch.organisation_id,
        IntervisiePracticeCase.context_id == launch.context_id,
        IntervisiePracticeCase.status == CASE_PROPOSED)
        .values(status=CASE_APPROVED, approved_at=utcnow())
        .execution_options(synchronize_session=False))
    return bool(getattr(done, "rowcount", 0))


def course_cases(session: Session, launch: Launch) -> list[IntervisiePracticeCase]:
    return list(session.scalars(select(IntervisiePracticeCase).where(
        IntervisiePracticeCase.organisation_id == launch.organisation_id,
        IntervisiePracticeCase.context_id == launch.context_id,
        IntervisiePracticeCase.status == CASE_APPROVED).order_by(IntervisiePracticeCase.id)))


def credit(case: IntervisiePracticeCase) -> str:
    if case.credit_name:
        return _("Ingebracht door %(name)s, werkbegeleider.", name=case.credit_name)
    return _("Ingebracht door een werkbegeleider uit het netwerk.")


def as_case_block(case: IntervisiePracticeCase) -> CaseBlock:
    """The practice case as a case block: the situation, and the group's advice to choose from."""
    explanation = (_("Wat de inbrenger zelf meenam: %(takeaway)s", takeaway=case.takeaway)
                   if case.takeaway else _("Er is geen goed of fout: zo keek een collega ernaar."))
    choices = [CaseChoice(id=f"advies-{index}", text=text,
                          consequence=_("Dit advies gaf een collega uit de intervisiegroep."),
                          explanation=explanation)
               for index, text in enumerate(case.advice, start=1)]
    return CaseBlock(type="case", id=f"praktijk-{case.id}", title=case.title, intro=credit(case),
                     steps=[CaseStep(id="situatie", situation=case.situation, choices=choices)],
                     closing=None)
