"""Regional networks: the operator groups organisations so their trainers may open an
intervisie group to each other. What crosses the boundary is a member's chosen name and
what they write in the group they joined; nothing else (no roster, no e-mail, no LMS name,
no other group)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation
from ..models.intervisie import IntervisieNetwork, IntervisieNetworkMember
from ..models.upsert import upsert

NAME_MAX = 120


def networks(session: Session) -> list[IntervisieNetwork]:
    return list(session.scalars(select(IntervisieNetwork).order_by(IntervisieNetwork.name)))


def memberships(session: Session) -> dict[int, int]:
    """Organisation id -> network id."""
    return {row.organisation_id: row.network_id
            for row in session.scalars(select(IntervisieNetworkMember))}


def create_network(session: Session, name: str) -> IntervisieNetwork:
    """The network called ``name`` (made once, however often the form is sent)."""
    return upsert(session, IntervisieNetwork, {"name": name[:NAME_MAX]}, ("name",))


def place(session: Session, organisation: Organisation, network_id: int | None) -> None:
    """Put ``organisation`` in a network, or (``None``) in none."""
    row = session.get(IntervisieNetworkMember, organisation.id)
    if network_id is None:
        if row is not None:
            session.delete(row)
        return
    if session.get(IntervisieNetwork, network_id) is None:
        raise ValueError("no such network")
    upsert(session, IntervisieNetworkMember,
           {"organisation_id": organisation.id, "network_id": network_id},
           ("organisation_id",), replace=("network_id",))
