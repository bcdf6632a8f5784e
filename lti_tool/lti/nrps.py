"""Names and Role Provisioning Service 2.0: the course members, page by page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import requests
from sqlalchemy.orm import Session

from ..http import EgressPolicy, failure_reason
from ..launch_context import Launch
from ..roles import is_learner_role
from .service_hosts import connector_for

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 100
PAGE_SIZE = 200
_LINK = re.compile(r'<([^>]*)>\s*((?:;\s*[^;,]+)*)')


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


def next_link(header: str) -> str | None:
    """The rel=next target of an RFC 8288 Link header; ``rel`` may be quoted or not."""
    for match in _LINK.finditer(header or ""):
        for param in match.group(2).split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
                return match.group(1)
    return None


def fetch_members(session: Session, launch: Launch, egress: EgressPolicy) -> list[Member]:
    """Every page of the roster; only from the registration's own hosts."""
    if not launch.nrps_url:
        raise RosterUnavailableError("Het platform gaf geen ledenlijst mee bij deze start.")
    connector = connector_for(session, launch.registration_id, egress)
    try:
        token = connector.get_access_token([NRPS_SCOPE])
        members: list[Member] = []
        url: str | None = launch.nrps_url
        params: dict | None = {"limit": PAGE_SIZE}  # the next-page links carry their own
        for _page in range(MAX_PAGES):
            if url is None:
                break
            response = connector.http.get(url, params=params, headers={"Authorization": f"Bearer {token}",
                                                                       "Accept": MEDIA_TYPE})
            params = None
            response.raise_for_status()
            members += [_member(item) for item in response.json().get("members", [])]
            url = next_link(response.headers.get("Link", ""))
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
