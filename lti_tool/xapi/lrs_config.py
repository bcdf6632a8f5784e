"""Reading and changing an organisation's LRS settings; the secret stays encrypted.

The secret is encrypted (Fernet) with a key derived from ``SECRET_KEY`` and never
shown back: people see ``secret_hint`` (its last two characters).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import LrsSettings, Organisation, OutboxMessage, utcnow
from ..outbox.outcome import PENDING
from .keys import LRS_SECRET, derive_key

LRS_TARGET_PREFIX = "lrs:"


class LrsConfigError(ValueError):
    """The given LRS settings cannot be stored; the message says why, in Dutch."""


class SecretUnreadableError(Exception):
    """The stored secret was encrypted under another ``SECRET_KEY``."""


@dataclass(frozen=True)
class LrsCredentials:
    endpoint: str
    key: str
    secret: str

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"


def lrs_target(organisation_id: int) -> str:
    """The outbox target (and circuit breaker) of an organisation's LRS."""
    return f"{LRS_TARGET_PREFIX}{organisation_id}"


def _fernet(secret_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive_key(secret_key, LRS_SECRET)))


def secret_hint(secret: str) -> str:
    return "••••" + (secret[-2:] if len(secret) >= 8 else "")


def enabled_lrs(session: Session, organisation_id: int) -> LrsSettings | None:
    row = session.get(LrsSettings, organisation_id)
    return row if row is not None and row.enabled else None


def credentials(row: LrsSettings, secret_key: str) -> LrsCredentials:
    try:
        secret = _fernet(secret_key).decrypt(row.secret_encrypted.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadableError from exc
    return LrsCredentials(endpoint=row.endpoint, key=row.key, secret=secret)


def _checked_endpoint(endpoint: str) -> str:
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise LrsConfigError("Het LRS-adres moet met http:// of https:// beginnen.")
    if parts.username or parts.password:
        raise LrsConfigError("Zet geen inloggegevens in het LRS-adres; gebruik key en secret.")
    return endpoint.strip().rstrip("/")


def save_lrs(session: Session, organisation: Organisation, secret_key: str, *, endpoint: str,
             key: str, secret: str | None, enabled: bool, identify_learners: bool) -> LrsSettings:
    """Create or change the settings; ``secret=None`` keeps the stored secret.

    Statements held back for this LRS (wrong credentials, or the LRS switched off)
    become due at once, so a fix takes effect without waiting out the long delay.
    """
    row = session.get(LrsSettings, organisation.id)
    if not key.strip():
        raise LrsConfigError("De LRS-key is verplicht.")
    if row is None and not secret:
        raise LrsConfigError("Een nieuw LRS heeft een secret nodig.")
    if row is None:
        row = LrsSettings(organisation_id=organisation.id)
        session.add(row)
    row.endpoint = _checked_endpoint(endpoint)
    row.key = key.strip()
    if secret:
        row.secret_encrypted = _fernet(secret_key).encrypt(secret.encode()).decode()
        row.secret_hint = secret_hint(secret)
    row.enabled = enabled
    row.identify_learners = identify_learners
    row.credentials_rejected_at = None
    row.updated_at = utcnow()
    session.execute(update(OutboxMessage)
                    .where(OutboxMessage.target == lrs_target(organisation.id),
                           OutboxMessage.status == PENDING)
                    .values(next_attempt_at=utcnow()))
    return row
