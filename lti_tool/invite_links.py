"""Signed invitation links for people without an LMS account (Samenleer guests, the
praktijkopleider asked for feedback on a praktijkopdracht).

A link token is ``itsdangerous``-signed ``[row id, secret]`` with a 192-bit random secret
(each use its own ``salt``); the database keeps only SHA-256 of the secret. The signature
rejects forged tokens before any lookup; the hash binds the token to one row. Whether the
row is still valid (revoked, expired) is :func:`link_state`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

from .models import as_utc, utcnow

SECRET_BYTES = 24
VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class InviteLinks:
    """The links of one kind (``salt``): a token signed with the tool's key."""

    salt: str

    def _serializer(self, secret_key: str) -> URLSafeSerializer:
        return URLSafeSerializer(secret_key, salt=self.salt)

    @staticmethod
    def new_secret() -> tuple[str, str]:
        """A fresh secret and the hash to store."""
        secret = secrets.token_urlsafe(SECRET_BYTES)
        return secret, secret_hash(secret)

    def token(self, secret_key: str, row_id: int, secret: str) -> str:
        return self._serializer(secret_key).dumps([row_id, secret])

    def parse(self, secret_key: str, token: str) -> tuple[int, str] | None:
        """The row id and secret in ``token``; ``None`` when it is not one of ours."""
        try:
            row_id, secret = self._serializer(secret_key).loads(token)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not isinstance(secret, str):
            return None
        return row_id, secret


def secret_matches(stored_hash: str, secret: str) -> bool:
    return hmac.compare_digest(stored_hash, secret_hash(secret))


def link_state(revoked_at: datetime | None, expires_at: datetime, now: datetime | None = None) -> str:
    if revoked_at is not None:
        return REVOKED
    if as_utc(expires_at) <= (now or utcnow()):
        return EXPIRED
    return VALID
