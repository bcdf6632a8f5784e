"""The tool's public keys, fetched from its JWKS URL for verifying client assertions."""

from __future__ import annotations

import threading
import time

import requests
from jwt import PyJWK
from jwt.exceptions import PyJWKError

from lti_tool.web import outbound_session

FETCH_TIMEOUT = 5
CACHE_SECONDS = 300


class ToolKeyError(Exception):
    """The tool's key set could not be fetched, or holds no usable key with that kid."""


def fetch_tool_jwks(url: str) -> dict:
    """GET the tool's JWKS (under the app's egress policy, like every outgoing call).

    Tests replace this function to serve their own key set."""
    try:
        response = outbound_session().get(url, timeout=FETCH_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ToolKeyError(f"cannot fetch the tool's JWKS from {url}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ToolKeyError(f"{url} is not a JWK set")
    return data


class ToolKeyCache:
    """Caches the key set for a while; an unknown kid triggers exactly one refetch."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sets: dict[str, tuple[float, dict]] = {}

    def key_for(self, url: str, kid: str) -> PyJWK:
        with self._lock:
            cached = self._sets.get(url)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            key = _find(cached[1], kid)
            if key is not None:
                return key
        jwks = fetch_tool_jwks(url)
        with self._lock:
            self._sets[url] = (time.monotonic(), jwks)
        key = _find(jwks, kid)
        if key is None:
            raise ToolKeyError(f"the tool's JWKS has no RS256 key with kid {kid!r}")
        return key


def _find(jwks: dict, kid: str) -> PyJWK | None:
    for data in jwks.get("keys", []):
        if not isinstance(data, dict) or data.get("kid") != kid:
            continue
        if data.get("kty") != "RSA" or data.get("alg", "RS256") != "RS256":
            continue
        try:
            return PyJWK(data, algorithm="RS256")
        except PyJWKError:
            return None
    return None
