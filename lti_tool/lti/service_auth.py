"""Access tokens for LTI Advantage services (AGS, NRPS), cached per registration and scope.

pylti1p3's ServiceConnector builds and signs the client-credentials assertion;
we add the cache it leaves abstract and our HTTP session (timeouts, egress policy:
see :func:`lti_tool.lti.service_hosts.service_session`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

import requests
from pylti1p3.service_connector import ServiceConnector

from .tool_conf import ToolRegistration

EXPIRY_MARGIN_SECONDS = 30


class TokenCache:
    def __init__(self) -> None:
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            entry = self._tokens.get(key)
        if entry and entry[1] > time.monotonic():
            return entry[0]
        return None

    def put(self, key: str, token: str, expires_in: float) -> None:
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + max(expires_in - EXPIRY_MARGIN_SECONDS, 0))

    def forget_registration(self, registration_id: int) -> None:
        with self._lock:
            for key in [k for k in self._tokens if k.startswith(f"{registration_id}:")]:
                del self._tokens[key]


token_cache = TokenCache()


class CachingServiceConnector(ServiceConnector):
    def __init__(self, registration: ToolRegistration, session: requests.Session,
                 cache: TokenCache = token_cache) -> None:
        super().__init__(registration, session)
        self._cache = cache
        self._registration_id = registration.row_id

    def _scope_key(self, scopes: Iterable[str]) -> str:
        # The client id and token URL are part of the key: a token is only ever reused for
        # the same client at the same platform, even where registration ids repeat
        # (another database, a registration removed and added again).
        registration = self._registration
        return (f"{self._registration_id}:{registration.get_client_id()}@"
                f"{registration.get_auth_token_url()}:{' '.join(sorted(scopes))}")

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return self._cache.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        self._cache.put(scope_key, access_token, float(expires_in or 0))

    def forget_tokens(self) -> None:
        self._cache.forget_registration(self._registration_id)

    @property
    def http(self) -> requests.Session:
        return self._requests_session
