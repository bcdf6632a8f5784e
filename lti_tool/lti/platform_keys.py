"""Platform public keys, fetched from the platform's JWKS URL and cached per process.

The cache honours the platform's ``Cache-Control: max-age``; a key id we have not
seen makes us fetch again (at most once every few seconds per URL) before refusing,
so a platform that rotates its key is not locked out. The keys are cached for the
process; each fetch goes through the caller's :class:`OutboundSession` (the egress
policy of the app that asks).

A key set the platform marks as not to be kept (``no-store``, ``no-cache``,
``max-age=0``: what many web frameworks send by default) is still used for those same
few seconds. The signature is checked before the state, so without this floor every
POST to the launch URL, a forged one too, would make the tool call the platform and
wait for it (a slow platform would hold every worker); with it a key the platform
withdraws is still accepted for at most that long, as a new one may be refused for as
long.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import jwt
import requests

from ..http import failure_reason

DEFAULT_MAX_AGE = 300
# The shortest a key set is kept, and the longest a new key id may be refused before a refetch.
MIN_REFETCH_INTERVAL = 5.0
JWKS_TIMEOUT = (3, 10)  # connect, read (seconds): a launch waits for this


class PlatformKeyError(Exception):
    """The platform's key set has no key with that id."""


class PlatformKeysUnavailable(PlatformKeyError):  # noqa: N818 - reads as what happened
    """The key set could not be fetched or read; the message is for the log, not for people."""


@dataclass
class _Entry:
    keys: list[dict]
    fetched_at: float
    max_age: float


class PlatformKeyCache:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        # Parsed public keys by (URL, kid, algorithm), each with the JWK it was parsed from:
        # parsing costs more than a verify; a fetched key set brings new JWKs, parsed again.
        self._parsed: dict[tuple[str, str, str], tuple[dict, jwt.PyJWK]] = {}

    def find_key(self, jwks_url: str, kid: str, algorithm: str, http: requests.Session) -> jwt.PyJWK:
        """The platform's public key ``kid`` for ``algorithm``, parsed once per key set;
        raises :class:`PlatformKeyError` (or ``jwt.PyJWKError`` for a key that does not parse)."""
        jwk = self.find(jwks_url, kid, http)
        cached = self._parsed.get((jwks_url, kid, algorithm))
        if cached is not None and cached[0] is jwk:
            return cached[1]
        key = jwt.PyJWK.from_dict(jwk, algorithm=algorithm)
        self._parsed[(jwks_url, kid, algorithm)] = (jwk, key)
        return key

    def find(self, jwks_url: str, kid: str, http: requests.Session) -> dict:
        entry = self._entries.get(jwks_url)
        now = time.monotonic()
        if entry is None or now - entry.fetched_at > entry.max_age:
            entry = self._fetch(jwks_url, http)
        key = _by_kid(entry.keys, kid)
        if key is None and now - entry.fetched_at >= MIN_REFETCH_INTERVAL:
            entry = self._fetch(jwks_url, http)
            key = _by_kid(entry.keys, kid)
        if key is None:
            raise PlatformKeyError(f"no key with kid '{kid}' in the platform's key set")
        return key

    def _fetch(self, jwks_url: str, http: requests.Session) -> _Entry:
        try:
            response = http.get(jwks_url, timeout=JWKS_TIMEOUT)
            response.raise_for_status()
            keys = response.json()["keys"]
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            # The detail (address, port, the platform's answer) is for the operator's log only.
            raise PlatformKeysUnavailable(
                f"could not fetch the platform's key set ({failure_reason(exc)}): {exc}") from exc
        entry = _Entry(keys=keys, fetched_at=time.monotonic(),
                       max_age=_max_age(response.headers.get("Cache-Control", "")))
        with self._lock:
            self._entries[jwks_url] = entry
        return entry


def _by_kid(keys: list[dict], kid: str) -> dict | None:
    return next((key for key in keys if key.get("kid") == kid), None)


def _max_age(cache_control: str) -> float:
    """How long a key set is kept: its ``max-age`` (300 s without one), never less than
    ``MIN_REFETCH_INTERVAL`` (see the module's docstring)."""
    if "no-store" in cache_control or "no-cache" in cache_control:
        return MIN_REFETCH_INTERVAL
    match = re.search(r"max-age=(\d+)", cache_control)
    return max(float(match.group(1)) if match else float(DEFAULT_MAX_AGE), MIN_REFETCH_INTERVAL)


platform_keys = PlatformKeyCache()
