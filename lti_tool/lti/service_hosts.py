"""Where a platform's services may live: AGS and NRPS URLs arrive in a launch, and the
tool calls them only on the registration's own hosts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..http import DEFAULT_TIMEOUT, Authority, EgressPolicy, OutboundSession, authority_of, parse_authority
from ..models import PlatformRegistration
from .service_auth import CachingServiceConnector
from .tool_conf import load_registration


def registration_hosts(row: PlatformRegistration) -> frozenset[Authority]:
    """The hosts of the registration's login, token and JWKS URLs, plus its stored extra hosts."""
    own = {authority_of(url) for url in (row.auth_login_url, row.auth_token_url, row.jwks_url)}
    return frozenset(own | {parse_authority(host) for host in row.service_hosts or ()})


def service_session(row: PlatformRegistration, policy: EgressPolicy,
                    timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> OutboundSession:
    """A session for calls on this registration's behalf: its hosts only."""
    return OutboundSession(policy.only_hosts(registration_hosts(row)), timeout)


def connector_for(session: Session, registration_id: int, egress: EgressPolicy,
                  http: OutboundSession | None = None) -> CachingServiceConnector:
    """A service connector that may call only the registration's own hosts (through
    ``http`` when given: a session from ``service_session`` with its own timeouts)."""
    registration = session.get(PlatformRegistration, registration_id)
    assert registration is not None
    return CachingServiceConnector(load_registration(session, registration),
                                   http or service_session(registration, egress))


def service_token(session: Session, registration_id: int, scopes: list[str],
                  http: OutboundSession) -> str:
    """An access token for ``scopes``, fetched through ``http`` (mind its timeouts)."""
    return connector_for(session, registration_id, http.policy, http).get_access_token(scopes)
