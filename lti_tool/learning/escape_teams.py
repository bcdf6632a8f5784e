"""Escape room teams: several phones share one room (solved puzzles, hints, the open door).

A learner makes a team (a short code) or joins one with its code; from then on the room
they see is the team's moves plus their own wrong tries. Each move is stored once per
team (a unique constraint with insert-or-ignore), so two members who solve the same
puzzle at the same moment make one move; each member's own answer rows stay theirs (for
the gradebook and the LRS), a right one once per member and puzzle (``Answer.once_key``):
whoever comes second, the team having solved it, still keeps one. Other phones poll
``version`` (the number of moves).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..blocks.escape_room import once_key
from ..content.model import AnyBlock, EscapeRoomBlock, Module
from ..db import upsert_insert
from ..launch_context import Launch
from ..models.base import as_utc
from ..models.escape import EscapeTeam, EscapeTeamMember, EscapeTeamMove
from ..models.upsert import upsert

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: easy to read aloud
CODE_LENGTH = 5


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch in ALPHABET)[:CODE_LENGTH + 5]


def move_key(response: dict[str, Any]) -> str | None:
    """The move a response makes for the whole team, or ``None`` (a wrong try stays one's own)."""
    if response.get("start"):
        return "start"
    if "countdown" in response:
        return f"countdown:{uuid.uuid4().hex}"
    if "hint" in response:
        return f"hint:{response['hint']}:{response.get('n')}"
    return once_key(response)


def team_of(session: Session, launch: Launch, module_id: str, block_id: str) -> EscapeTeam | None:
    return session.scalars(
        select(EscapeTeam).join(EscapeTeamMember, EscapeTeamMember.team_id == EscapeTeam.id)
        .where(EscapeTeamMember.learner_id == launch.learner_id,
               EscapeTeamMember.module_id == module_id, EscapeTeamMember.block_id == block_id,
               EscapeTeam.organisation_id == launch.organisation_id)).first()


def _member(session: Session, launch: Launch, team: EscapeTeam) -> None:
    upsert(session, EscapeTeamMember,
           {"learner_id": launch.learner_id, "module_id": team.module_id,
            "block_id": team.block_id, "team_id": team.id},
           ("learner_id", "module_id", "block_id"), replace=("team_id",))


def create(session: Session, launch: Launch, module_id: str, block_id: str) -> EscapeTeam:
    """A new team with a fresh code, with ``launch``'s learner in it."""
    for _attempt in range(10):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with session.begin_nested():
                team = EscapeTeam(organisation_id=launch.organisation_id, module_id=module_id,
                                  block_id=block_id, code=code)
                session.add(team)
                session.flush()
        except IntegrityError:
            continue
        _member(session, launch, team)
        return team
    raise RuntimeError("no free team code after 10 tries")


def join(session: Session, launch: Launch, module_id: str, block_id: str,
         code: str) -> EscapeTeam | None:
    """Put the learner in the team with ``code`` (of their own organisation); ``None``: no such team."""
    team = session.scalars(select(EscapeTeam).where(
        EscapeTeam.organisation_id == launch.organisation_id, EscapeTeam.module_id == module_id,
        EscapeTeam.block_id == block_id, EscapeTeam.code == normalise_code(code))).first()
    if team is not None:
        _member(session, launch, team)
    return team


def leave(session: Session, launch: Launch, module_id: str, block_id: str) -> None:
    session.execute(delete(EscapeTeamMember).where(
        EscapeTeamMember.learner_id == launch.learner_id, EscapeTeamMember.module_id == module_id,
        EscapeTeamMember.block_id == block_id))


def share(session: Session, team: EscapeTeam, launch: Launch, response: dict[str, Any]) -> bool:
    """Add the move ``response`` makes to the team's moves, once; ``True`` when it is new."""
    key = move_key(response)
    if key is None:
        return False
    statement = upsert_insert(session, EscapeTeamMove).values(
        team_id=team.id, move=key, learner_id=launch.learner_id, response=response)
    statement = statement.on_conflict_do_nothing(index_elements=["team_id", "move"])
    return session.execute(statement.returning(EscapeTeamMove.id)).scalar() is not None


def moves(session: Session, team: EscapeTeam) -> list[EscapeTeamMove]:
    return list(session.scalars(select(EscapeTeamMove).where(EscapeTeamMove.team_id == team.id)
                                .order_by(EscapeTeamMove.created_at, EscapeTeamMove.id)))


def version(session: Session, team: EscapeTeam) -> int:
    return int(session.scalar(select(func.count()).select_from(EscapeTeamMove)
                              .where(EscapeTeamMove.team_id == team.id)) or 0)


def _own_wrong_try(row: Any) -> bool:
    response = row.response or {}
    return ("puzzle" in response or "code" in response) and not response.get("correct")


def room_rows(session: Session, launch: Launch, module_id: str, block: AnyBlock,
              own: Sequence[Any]) -> tuple[list[Any], EscapeTeam | None]:
    """The rows a room's state is made of: the team's moves and one's own wrong tries, or
    one's own rows when one plays alone (and for every other block type)."""
    if not isinstance(block, EscapeRoomBlock):
        return list(own), None
    team = team_of(session, launch, module_id, block.id)
    if team is None:
        return list(own), None
    rows = [*moves(session, team), *(row for row in own if _own_wrong_try(row))]
    return sorted(rows, key=lambda row: as_utc(row.created_at)), team


def door_opened(rows: Sequence[Any]) -> bool:
    return any(isinstance(row, EscapeTeamMove) and row.move == "door" for row in rows)


def settle(session: Session, launch: Launch, module: Module, block: AnyBlock,
           rows: Sequence[Any], team: EscapeTeam | None, done: bool) -> bool:
    """A member whose team opened the door has the block done too; ``True`` when recorded now."""
    if team is None or done or not isinstance(block, EscapeRoomBlock) or not door_opened(rows):
        return False
    from . import progress  # late: progress imports the xAPI machinery

    opened = {"code": block.code, "correct": True, "team": team.code}
    progress.record(session, launch, module, block, done=True, response=opened,
                    once_key=once_key(opened))
    return True
