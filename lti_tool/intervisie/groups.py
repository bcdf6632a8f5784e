"""Intervisie groups: formed by a trainer from the course roster, or joined with a code.

A group belongs to one organisation. A regional group (``network_id`` set) also takes
members from the network's other organisations; they are seen only by the name they chose.
Only members reach a group's pages: a trainer who formed it is no member (403).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..launch_context import Launch
from ..models import Learner, PlatformRegistration
from ..models.intervisie import (
    IntervisieGroup,
    IntervisieMember,
    IntervisieNetworkMember,
)
from ..models.upsert import upsert
from ..xapi.keys import derive_key

GROUP_MIN, GROUP_MAX = 3, 8
NAME_MAX = 80
DISPLAY_NAME_MAX = 60
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
CODE_KEY = b"intervisie-join-code"


class GroupFullError(Exception):
    pass


def clean_text(raw: str, most: int) -> str:
    """One line, no control characters, at most ``most`` characters."""
    return " ".join("".join(c for c in raw if c.isprintable()).split())[:most]


def normalise_code(raw: str) -> str:
    return "".join(c for c in raw.upper() if c in CODE_ALPHABET)[:CODE_LENGTH]


def code_hash(secret_key: str, code: str) -> str:
    key = derive_key(secret_key, CODE_KEY)
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def network_of(session: Session, organisation_id: int) -> int | None:
    row = session.get(IntervisieNetworkMember, organisation_id)
    return row.network_id if row else None


def roster_learners(session: Session, launch: Launch, people: Sequence[tuple[str, str | None]]
                    ) -> list[Learner]:
    """The learners for roster entries ``(sub, name)`` of the launch's platform (made if new)."""
    registration = session.get(PlatformRegistration, launch.registration_id)
    assert registration is not None
    return [upsert(session, Learner, {"organisation_id": launch.organisation_id,
                                      "issuer": registration.issuer, "sub": sub, "name": name},
                   ("organisation_id", "issuer", "sub"), refresh=("name",))
            for sub, name in people]


def first_name(name: str | None) -> str:
    return clean_text((name or "").split(" ")[0], DISPLAY_NAME_MAX) or _("Deelnemer")


def create_group(session: Session, launch: Launch, secret_key: str, name: str,
                 learners: Sequence[Learner], regional: bool) -> tuple[IntervisieGroup, str]:
    """A new group with ``learners`` as its first members; returns it and its join code."""
    code = new_code()
    group = IntervisieGroup(
        organisation_id=launch.organisation_id, context_id=launch.context_id, name=name,
        code_hash=code_hash(secret_key, code), code_hint=code,
        network_id=network_of(session, launch.organisation_id) if regional else None)
    session.add(group)
    session.flush()
    for learner in learners[:GROUP_MAX]:
        session.add(IntervisieMember(group_id=group.id, learner_id=learner.id,
                                     display_name=first_name(learner.name)))
    session.flush()
    return group, code


def may_join(session: Session, group: IntervisieGroup, organisation_id: int) -> bool:
    if group.organisation_id == organisation_id:
        return True
    return group.network_id is not None and network_of(session, organisation_id) == group.network_id


def find_by_code(session: Session, secret_key: str, code: str, organisation_id: int
                 ) -> IntervisieGroup | None:
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    group = session.scalars(select(IntervisieGroup).where(
        IntervisieGroup.code_hash == code_hash(secret_key, code))).first()
    return group if group is not None and may_join(session, group, organisation_id) else None


def member_count(session: Session, group_id: int) -> int:
    return session.scalar(select(func.count()).select_from(IntervisieMember).where(
        IntervisieMember.group_id == group_id)) or 0


def join(session: Session, group: IntervisieGroup, learner_id: int, display_name: str
         ) -> IntervisieMember:
    """Join ``group`` (a second click, or two tabs at once, keep one membership).

    The group row is locked first (PostgreSQL) and the members are counted after the
    insert (SQLite serialises the inserts), so two people joining at once never make a ninth.
    """
    existing = own_membership(session, group.id, learner_id)
    if existing is not None:
        return existing
    session.execute(select(IntervisieGroup.id).where(IntervisieGroup.id == group.id)
                    .with_for_update())
    member = upsert(session, IntervisieMember,
                    {"group_id": group.id, "learner_id": learner_id, "display_name": display_name},
                    ("group_id", "learner_id"))
    if member_count(session, group.id) > GROUP_MAX:
        raise GroupFullError
    group.touch()
    return member


def own_membership(session: Session, group_id: int, learner_id: int) -> IntervisieMember | None:
    return session.scalars(select(IntervisieMember).where(
        IntervisieMember.group_id == group_id, IntervisieMember.learner_id == learner_id)).first()


def membership(session: Session, launch: Launch, group_id: int) -> IntervisieMember:
    """The launch's membership of the group, or 403: what a group says stays in the group."""
    member = own_membership(session, group_id, launch.learner_id)
    if member is None:
        raise ProblemError(403, _("Geen toegang"),
                           _("Alleen de leden van deze intervisiegroep kunnen dit zien."),
                           check="intervisie_member")
    return member


def my_groups(session: Session, launch: Launch) -> list[tuple[IntervisieGroup, IntervisieMember]]:
    rows = session.execute(select(IntervisieGroup, IntervisieMember).join(
        IntervisieMember, IntervisieMember.group_id == IntervisieGroup.id).where(
        IntervisieMember.learner_id == launch.learner_id).order_by(IntervisieGroup.name))
    return [(group, member) for group, member in rows]


def course_groups(session: Session, launch: Launch) -> list[IntervisieGroup]:
    """The groups formed in the launch's organisation and course (for the trainer)."""
    return list(session.scalars(select(IntervisieGroup).where(
        IntervisieGroup.organisation_id == launch.organisation_id,
        IntervisieGroup.context_id == launch.context_id).order_by(IntervisieGroup.name)))
