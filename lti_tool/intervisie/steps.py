"""A session runs a method step by step.

Live: the group moves on together (anyone at the shared screen closes a step). Asynchronous:
a step closes when everyone it asks has written, when the inbrenger closes it, or when its
deadline passes (found by the worker's sweep, ``deadlines.py``, or by a visit); then the next
one opens with a deadline of its own. Every close is a conditional update on the step number,
so two members at once (or a double click, or a close and the sweep) move the session on by
one step only, and only the close that ends it reports the members' completion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..content.intervisie_model import Method, Step
from ..models import as_utc, utcnow
from ..models.intervisie import (
    MODE_ASYNC,
    STATUS_DONE,
    STATUS_OPEN,
    IntervisieEntry,
    IntervisieGroup,
    IntervisieMember,
    IntervisieParticipant,
    IntervisieSession,
)
from ..models.upsert import upsert
from ..settings import Settings
from .completion import report_ended

TEXT_MAX = 2000
KEY_MAX = 64


def deadline(mode: str, step: Step, now: datetime) -> datetime | None:
    return now + timedelta(hours=step.hours) if mode == MODE_ASYNC else None


def start(session: Session, group: IntervisieGroup, inbrenger: IntervisieMember, method: Method,
          mode: str, launch_id: str) -> IntervisieSession:
    now = utcnow()
    row = IntervisieSession(group_id=group.id, method_id=method.id, mode=mode,
                            inbrenger_id=inbrenger.id, step_index=0, step_started_at=now,
                            step_deadline=deadline(mode, method.steps[0], now))
    session.add(row)
    group.touch()
    session.flush()
    _took_part(session, row, inbrenger, launch_id)
    return row


def close_step(session: Session, settings: Settings, row: IntervisieSession, method: Method,
               index: int, now: datetime | None = None) -> bool:
    """Close step ``index`` and open the next (or end the session and report who took part);
    ``False`` if it was closed already."""
    now = now or utcnow()
    following = method.step(index + 1)
    values: dict[str, Any] = {"step_index": index + 1, "step_started_at": now}
    if following is None:
        values.update(status=STATUS_DONE, finished_at=now, step_deadline=None)
    else:
        values["step_deadline"] = deadline(row.mode, following, now)
    done = cast(CursorResult[Any], session.execute(
        update(IntervisieSession).where(IntervisieSession.id == row.id,
                                        IntervisieSession.step_index == index,
                                        IntervisieSession.status == STATUS_OPEN)
        .values(**values).execution_options(synchronize_session=False)))
    session.refresh(row)
    if done.rowcount != 1:
        return False
    if following is None:
        report_ended(session, row, settings)
    return True


def catch_up(session: Session, settings: Settings, row: IntervisieSession, method: Method,
             now: datetime | None = None) -> None:
    """Asynchronous: close every step whose deadline has passed (each opens the next)."""
    now = now or utcnow()
    while (row.status == STATUS_OPEN and row.step_deadline is not None
           and as_utc(row.step_deadline) <= now):
        passed = as_utc(row.step_deadline)
        close_step(session, settings, row, method, row.step_index, passed)


def current_step(row: IntervisieSession, method: Method) -> Step | None:
    return method.step(row.step_index) if row.status == STATUS_OPEN else None


def expected(step: Step, row: IntervisieSession, members: list[IntervisieMember]
             ) -> list[IntervisieMember]:
    """Who the step asks to act."""
    if step.who == "inbrenger":
        return [m for m in members if m.id == row.inbrenger_id]
    if step.who == "others":
        return [m for m in members if m.id != row.inbrenger_id]
    return list(members)


def may_write(step: Step | None, row: IntervisieSession, member: IntervisieMember) -> bool:
    if step is None:
        return False
    if step.who == "inbrenger":
        return member.id == row.inbrenger_id
    return step.who == "everyone" or member.id != row.inbrenger_id


def entries_of(row: IntervisieSession, step_id: str) -> list[IntervisieEntry]:
    return [entry for entry in row.entries if entry.step_id == step_id]


def _took_part(session: Session, row: IntervisieSession, member: IntervisieMember,
               launch_id: str) -> None:
    """``member`` took part, with the launch ``launch_id`` (their completion goes with it)."""
    upsert(session, IntervisieParticipant,
           {"session_id": row.id, "member_id": member.id, "launch_id": launch_id},
           ("session_id", "member_id"), refresh=("launch_id",))


@dataclass(frozen=True)
class Written:
    entry: IntervisieEntry
    moved_on: bool


def write(session: Session, settings: Settings, row: IntervisieSession, method: Method,
          member: IntervisieMember, launch_id: str, step: Step, text: str, client_key: str
          ) -> Written:
    """Store a contribution once per form (``client_key``); the inbrenger's own steps close
    when they write, and an asynchronous step closes once all it asks have written."""
    entry = upsert(session, IntervisieEntry,
                   {"session_id": row.id, "member_id": member.id, "step_id": step.id,
                    "text": text[:TEXT_MAX], "client_key": client_key[:KEY_MAX]},
                   ("session_id", "member_id", "client_key"))
    _took_part(session, row, member, launch_id)
    row.group.touch()
    session.refresh(row)
    moved_on = False
    if step.who == "inbrenger":
        moved_on = close_step(session, settings, row, method, method.steps.index(step))
    elif row.mode == MODE_ASYNC:
        wrote = {e.member_id for e in entries_of(row, step.id)}
        if all(m.id in wrote for m in expected(step, row, row.group.members)):
            moved_on = close_step(session, settings, row, method, method.steps.index(step))
    return Written(entry, moved_on)


def choose(session: Session, settings: Settings, row: IntervisieSession, method: Method,
           member: IntervisieMember, launch_id: str, step: Step, entry_id: int) -> bool:
    """The inbrenger picks a contribution of the step the choice is ``from``."""
    chosen = session.scalars(select(IntervisieEntry).where(
        IntervisieEntry.id == entry_id, IntervisieEntry.session_id == row.id,
        IntervisieEntry.step_id == step.source)).first()
    if chosen is None or member.id != row.inbrenger_id:
        return False
    index = method.steps.index(step)
    session.execute(update(IntervisieSession).where(
        IntervisieSession.id == row.id, IntervisieSession.step_index == index)
        .values(chosen_entry_id=chosen.id).execution_options(synchronize_session=False))
    _took_part(session, row, member, launch_id)
    return close_step(session, settings, row, method, index)


def participants(session: Session, row: IntervisieSession) -> set[int]:
    return set(session.scalars(select(IntervisieParticipant.member_id).where(
        IntervisieParticipant.session_id == row.id)))
