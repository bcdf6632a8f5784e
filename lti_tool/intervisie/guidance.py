"""What a member must do next in a session: one short sentence, in B1 Dutch."""

from __future__ import annotations

from flask_babel import gettext as _

from ..content.intervisie_model import Method
from ..models.intervisie import MODE_ASYNC, STATUS_DONE, IntervisieMember, IntervisieSession
from .steps import current_step, entries_of, may_write


def next_action(row: IntervisieSession, method: Method, member: IntervisieMember) -> str:
    step = current_step(row, method)
    if row.status == STATUS_DONE or step is None:
        return _("De bespreking is klaar. Je hoeft niets meer te doen.")
    inbrenger = member.id == row.inbrenger_id
    if step.kind == "case":
        return (_("Jij bent aan de beurt: beschrijf je situatie.") if inbrenger
                else _("Wacht tot de inbrenger de situatie heeft beschreven."))
    if step.kind == "choose":
        return (_("Jij bent aan de beurt: kies de vraag waar je hulp bij wilt.") if inbrenger
                else _("Wacht tot de inbrenger een vraag heeft gekozen."))
    if not may_write(step, row, member):
        return _("Lees mee. De anderen zijn nu aan de beurt.")
    wrote = any(e.member_id == member.id for e in entries_of(row, step.id))
    if wrote and row.mode == MODE_ASYNC and not inbrenger:
        return _("Je hebt iets geschreven. Je mag meer toevoegen, of wachten op de volgende stap.")
    return _("Jij bent aan de beurt: %(step)s.", step=step.title.lower())
