"""Signed ``login_hint`` and ``lti_message_hint`` values.

The authorization request arrives inside a cross-site iframe after a round trip
through the tool, so the devlms must not depend on its cookie there: the hints
themselves say who is launching which placement, signed with the app secret.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

HINT_MAX_AGE = 600


class HintError(ValueError):
    """A hint is missing, forged or too old."""


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"devlms-{purpose}")


def sign_login_hint(secret: str, username: str) -> str:
    return _serializer(secret, "login-hint").dumps({"user": username})


def sign_message_hint(secret: str, username: str, placement: str) -> str:
    return _serializer(secret, "message-hint").dumps({"user": username, "placement": placement})


def read_login_hint(secret: str, value: str) -> str:
    """The username in a login hint."""
    data = _load(secret, "login-hint", value)
    return str(data["user"])


def read_message_hint(secret: str, value: str) -> tuple[str, str]:
    """The username and placement (resource link id) in a message hint."""
    data = _load(secret, "message-hint", value)
    return str(data["user"]), str(data["placement"])


def _load(secret: str, purpose: str, value: str) -> dict:
    if not value:
        raise HintError("missing")
    try:
        data = _serializer(secret, purpose).loads(value, max_age=HINT_MAX_AGE)
    except BadSignature as exc:  # includes SignatureExpired
        raise HintError("invalid signature or expired") from exc
    if not isinstance(data, dict) or "user" not in data:
        raise HintError("malformed")
    return data
