"""Where a platform's services may live: AGS and NRPS URLs arrive in a launch, and the
tool calls them only on the registration's own hosts."""

from __future__ import annotations

from ..http import Authority, EgressPolicy, OutboundSession, authority_of, parse_authority
from ..models import PlatformRegistration


def registration_hosts(row: PlatformRegistration) -> frozenset[Authority]:
    """The hosts of the registration's login, token and JWKS URLs, plus its stored extra hosts."""
    own = {authority_of(url) for url in (row.auth_login_url, row.auth_token_url, row.jwks_url)}
    return frozenset(own | {parse_authority(host) for host in row.service_hosts or ()})


def service_session(row: PlatformRegistration, policy: EgressPolicy) -> OutboundSession:
    """A session for calls on this registration's behalf: its hosts only."""
    return OutboundSession(policy.only_hosts(registration_hosts(row)))
