"""Names and Role Provisioning Service 2.0: the course members, page by page."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from sqlalchemy.orm import Session

from ..http import EgressPolicy, failure_reason
from ..launch_context import Launch
from ..roles import is_learner_role
from .paging import pages
from .service_hosts import connector_for
from .vocabulary import MediaType, Scope

MAX_PAGES = 100
PAGE_SIZE = 200


class RosterUnavailableError(Exception):
    """The platform gave no roster (no NRPS claim, no token, or an error answer)."""


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str | None
    roles: tuple[str, ...]
    status: str

    @property
    def is_learner(self) -> bool:
        return any(is_learner_role(role) for role in self.roles)


def fetch_members(session: Session, launch: Launch, egress: EgressPolicy) -> list[Member]:
    """Every page of the roster; only from the registration's own hosts."""
    if not launch.nrps_url:
        raise RosterUnavailableError("Het platform gaf geen ledenlijst mee bij deze start.")
    connector = connector_for(session, launch.registration_id, egress)
    try:
        token = connector.get_access_token([Scope.NRPS])
        members: list[Member] = []
        for page in pages(connector.http, launch.nrps_url, token, MediaType.MEMBERSHIP_CONTAINER,
                          MAX_PAGES, {"limit": PAGE_SIZE}):
            members += [_member(item) for item in page.get("members", [])]
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise RosterUnavailableError(
            f"De ledenlijst kon niet worden opgehaald ({failure_reason(exc)}).") from exc
    except Exception as exc:  # pylti1p3 raises its own errors for token failures
        raise RosterUnavailableError(f"Geen toegang tot de ledenlijst ({type(exc).__name__}).") from exc
    return members


def _member(item: dict) -> Member:
    name = item.get("name") or " ".join(p for p in (item.get("given_name"), item.get("family_name")) if p)
    return Member(user_id=str(item.get("user_id", "")), name=name or None,
                  roles=tuple(item.get("roles") or ()), status=item.get("status", "Active"))
