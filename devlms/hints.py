"""Signed ``login_hint`` and ``lti_message_hint`` values.

The authorization request arrives inside a cross-site iframe after a round trip
through the tool, so the devlms must not depend on its cookie there: the hints
themselves say who is launching which placement, signed with the app secret.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

HINT_MAX_AGE = 600
DEEP_LINK_DATA_MAX_AGE = 3600  # the instructor may take a while choosing in the tool


class HintError(ValueError):
    """A hint is missing, forged or too old."""


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"devlms-{purpose}")


def sign_login_hint(secret: str, username: str) -> str:
    return _serializer(secret, "login-hint").dumps({"user": username})


@dataclass(frozen=True)
class MessageHint:
    """What a launch is: a resource link (``placement``) or a deep linking request
    (``deep_link_context``), by ``user``, for the tool registered as ``client_id``."""

    user: str
    client_id: str | None = None
    placement: str | None = None
    deep_link_context: str | None = None


def sign_message_hint(secret: str, username: str, placement: str,
                      client_id: str | None = None) -> str:
    return _serializer(secret, "message-hint").dumps(
        {"user": username, "placement": placement, "client_id": client_id})


def sign_deep_link_hint(secret: str, username: str, context_id: str, client_id: str) -> str:
    return _serializer(secret, "message-hint").dumps(
        {"user": username, "deep_link": context_id, "client_id": client_id})


def read_login_hint(secret: str, value: str) -> str:
    """The username in a login hint."""
    data = _load(secret, "login-hint", value)
    return str(data["user"])


def read_message_hint(secret: str, value: str) -> MessageHint:
    """Who launches what, from a message hint."""
    data = _load(secret, "message-hint", value)
    placement, context = data.get("placement"), data.get("deep_link")
    if not isinstance(placement, str) and not isinstance(context, str):
        raise HintError("malformed")
    client_id = data.get("client_id")
    return MessageHint(user=str(data["user"]),
                       client_id=client_id if isinstance(client_id, str) else None,
                       placement=placement if isinstance(placement, str) else None,
                       deep_link_context=context if isinstance(context, str) else None)


@dataclass(frozen=True)
class DeepLinkData:
    """The deep linking request the tool answers: by ``user`` in ``context_id``."""

    user: str
    context_id: str
    client_id: str


def sign_deep_link_data(secret: str, username: str, context_id: str, client_id: str) -> str:
    """The opaque ``data`` of the deep linking settings; the tool must echo it."""
    return _serializer(secret, "deep-link-data").dumps(
        {"user": username, "context": context_id, "client_id": client_id,
         "request": secrets.token_hex(8)})


def read_deep_link_data(secret: str, value: str) -> DeepLinkData:
    data = _load(secret, "deep-link-data", value, DEEP_LINK_DATA_MAX_AGE)
    if not isinstance(data.get("context"), str) or not isinstance(data.get("client_id"), str):
        raise HintError("malformed")
    return DeepLinkData(user=str(data["user"]), context_id=data["context"],
                        client_id=data["client_id"])


def _load(secret: str, purpose: str, value: str, max_age: int = HINT_MAX_AGE) -> dict:
    if not value or not isinstance(value, str):
        raise HintError("missing")
    try:
        data = _serializer(secret, purpose).loads(value, max_age=max_age)
    except BadSignature as exc:  # includes SignatureExpired
        raise HintError("invalid signature or expired") from exc
    if not isinstance(data, dict) or "user" not in data:
        raise HintError("malformed")
    return data
