"""Outbound HTTP: one client and one egress policy for every call the tool makes.

Every call made on a platform's or an organisation's behalf (JWKS, token, AGS, NRPS,
dynamic registration, LRS) goes through :class:`OutboundSession` with an
:class:`EgressPolicy`:

- https only in production;
- the address actually connected to must be public: the host name is resolved once
  and the connection is pinned to that address (``requests-hardened``), so DNS
  rebinding cannot swap in an internal address after the check. Loopback, private,
  link-local (cloud metadata), multicast and reserved addresses are refused unless
  the operator named that host in ``EGRESS_ALLOW_HOSTS``;
- redirects are not followed (a 3xx answer is an error);
- optionally, only the hosts of one platform registration (AGS and NRPS URLs come
  from a launch and must stay on the platform's own hosts).

Remote answers are never shown to people: :func:`failure_reason` turns any failure
into a short fixed reason ("refused: 403", "timeout", "address not allowed").
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter import InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter

if TYPE_CHECKING:
    from .settings import Settings

USER_AGENT = "werkbegeleiding-lti/0.1 (+https://github.com/werkbegeleiding)"
DEFAULT_TIMEOUT = (5, 20)  # connect, read (seconds)

ADDRESS_NOT_ALLOWED = "address not allowed"
HTTPS_REQUIRED = "https required"
HOST_NOT_ALLOWED = "host not allowed"
REDIRECT_REFUSED = "redirect refused"
_DEFAULT_PORTS = {"http": 80, "https": 443}

Authority = tuple[str, int | None]  # (lower-case host, port; None = the scheme's default)


class EgressRefusedError(requests.RequestException):
    """The policy refused the call before anything was sent; ``reason`` is fixed text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def authority_of(url: str) -> Authority:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return host, -1
    return host, None if port == _DEFAULT_PORTS.get(parts.scheme.lower()) else port


def parse_authority(entry: str) -> Authority:
    """``host`` or ``host:port`` (as stored with a registration or typed by an operator)."""
    entry = entry.strip()
    return authority_of(entry if "://" in entry else "https://" + entry)


@dataclass(frozen=True)
class EgressPolicy:
    https_only: bool = True
    # Host names (or IP literals) the operator allows to resolve to non-public addresses.
    allow_hosts: frozenset[str] = frozenset()
    # When set, only these (host, port) pairs may be called.
    service_hosts: frozenset[Authority] | None = None
    # Only for the development LMS client, which plays a browser; each hop is checked.
    follow_redirects: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> EgressPolicy:
        return cls(https_only=settings.is_production,
                   allow_hosts=frozenset(host.strip().lower() for host in settings.egress_allow_hosts
                                         if host.strip()))

    def only_hosts(self, authorities: Iterable[Authority]) -> EgressPolicy:
        return replace(self, service_hosts=frozenset(authorities))

    def check_url(self, url: str) -> None:
        """Scheme and host rules; the address rule is checked when connecting."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            raise EgressRefusedError(HTTPS_REQUIRED)
        if self.https_only and scheme != "https":
            raise EgressRefusedError(HTTPS_REQUIRED)
        if self.service_hosts is not None and authority_of(url) not in self.service_hosts:
            raise EgressRefusedError(HOST_NOT_ALLOWED)

    def allows_any_address(self, host: str) -> bool:
        return host.lower() in self.allow_hosts


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
        or address.is_reserved or address.is_unspecified)


class PinnedAddressAdapter(IPFilterAdapter):
    """Resolve once, refuse non-public addresses, connect to exactly that address.

    ``requests-hardened`` pins the connection to the resolved address (keeping the
    host name for the Host header, SNI and certificate checks) and refuses private
    and loopback ranges; we add our own check of the pinned address on top and let
    the hosts the operator allowed through unfiltered.
    """

    def __init__(self, policy: EgressPolicy, *, https: bool) -> None:
        super().__init__(is_https_proto=https, allow_loopback=False)
        self._policy = policy

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest, verify: Any,
                                             cert: Any = None) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
        host = urlsplit(request.url or "").hostname or ""
        if self._policy.allows_any_address(host):
            return HTTPAdapter.build_connection_pool_key_attributes(self, request, verify, cert)
        try:
            host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        except InvalidIPAddress as exc:
            raise EgressRefusedError(ADDRESS_NOT_ALLOWED) from exc
        if not is_public_address(ipaddress.ip_address(host_params["host"].strip("[]"))):
            raise EgressRefusedError(ADDRESS_NOT_ALLOWED)
        return host_params, pool_kwargs


class OutboundSession(requests.Session):
    """A ``requests.Session`` that applies ``policy`` to every request and every hop."""

    def __init__(self, policy: EgressPolicy, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        super().__init__()
        self.policy = policy
        self.headers["User-Agent"] = USER_AGENT
        self._timeout = timeout
        self.mount("https://", PinnedAddressAdapter(policy, https=True))
        self.mount("http://", PinnedAddressAdapter(policy, https=False))

    def restricted_to(self, authorities: Iterable[Authority]) -> OutboundSession:
        """A session with the same policy that may call only these (host, port) pairs."""
        return OutboundSession(self.policy.only_hosts(authorities), self._timeout)

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        if not self.policy.follow_redirects:
            kwargs["allow_redirects"] = False
        response = super().request(method, url, *args, **kwargs)
        if not self.policy.follow_redirects and 300 <= response.status_code < 400:
            response.close()
            raise EgressRefusedError(REDIRECT_REFUSED)
        return response

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.policy.check_url(request.url or "")
        return super().send(request, **kwargs)


def refused_reason(status: int) -> str:
    return f"refused: {status}"


def failure_reason(exc: BaseException) -> str:
    """A short, fixed description of a failed call: never the remote answer itself."""
    if isinstance(exc, EgressRefusedError):
        return exc.reason
    if isinstance(exc, requests.Timeout):
        return "timeout"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return refused_reason(exc.response.status_code)
    if isinstance(exc, requests.ConnectionError):
        return "unreachable"
    if isinstance(exc, requests.JSONDecodeError):
        return "invalid answer"
    if isinstance(exc, requests.RequestException):
        return "request failed"
    if isinstance(exc, ValueError | KeyError | TypeError):
        return "invalid answer"
    return "failed"
