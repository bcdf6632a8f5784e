"""What the tool publishes for verifiers: the issuer's controller document, its keys, the
signed revocation list; and the check the verification page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import BadgeKey, IssuedBadge, Organisation, utcnow
from .documents import DID_V1, MULTIKEY_V1
from .keys import badge_key, current_badge_key, private_key_of, public_key_of
from .proof import proof_holds, sign
from .status_list import as_of, status_list_credential
from .urls import BadgeUrls


def key_document(urls: BadgeUrls, slug: str, key: BadgeKey) -> dict[str, Any]:
    """The Multikey verification method, controlled by the organisation's issuer id."""
    return {"@context": MULTIKEY_V1, "id": urls.key(slug, key.kid), "type": "Multikey",
            "controller": urls.issuer(slug), "publicKeyMultibase": key.public_multibase}


def issuer_document(session: Session, urls: BadgeUrls, slug: str) -> dict[str, Any]:
    """The controller document at the issuer's id: which keys may sign its badges."""
    keys = session.scalars(select(BadgeKey).order_by(BadgeKey.id)).all()
    methods = [{key: value for key, value in key_document(urls, slug, row).items() if key != "@context"}
               for row in keys]
    return {"@context": [DID_V1, MULTIKEY_V1], "id": urls.issuer(slug),
            "verificationMethod": methods, "assertionMethod": [method["id"] for method in methods]}


def revoked_indexes(session: Session, organisation_id: int) -> list[int]:
    return list(session.scalars(select(IssuedBadge.status_index).where(
        IssuedBadge.organisation_id == organisation_id, IssuedBadge.revoked_at.is_not(None))))


def signed_status_list(session: Session, urls: BadgeUrls, organisation: Organisation,
                       now: datetime | None = None) -> dict[str, Any]:
    """The organisation's BitstringStatusListCredential as it stands now, signed."""
    now = now or utcnow()
    key = current_badge_key(session)
    unsigned = status_list_credential(urls.status_list(organisation.slug), urls.issuer(organisation.slug),
                                      revoked_indexes(session, organisation.id), as_of(now))
    return sign(unsigned, private_key_of(key), urls.key(organisation.slug, key.kid), now)


def revoke_badge(session: Session, badge_id: int, organisation_id: int | None = None) -> bool:
    """Revoke once: ``False`` when the badge does not exist (in that organisation) or was
    revoked already. The caller commits."""
    statement = update(IssuedBadge).where(IssuedBadge.id == badge_id, IssuedBadge.revoked_at.is_(None))
    if organisation_id is not None:
        statement = statement.where(IssuedBadge.organisation_id == organisation_id)
    return session.execute(statement.values(revoked_at=utcnow())).rowcount == 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Check:
    signature_valid: bool
    revoked: bool

    @property
    def valid(self) -> bool:
        return self.signature_valid and not self.revoked


def check_badge(session: Session, badge: IssuedBadge) -> Check:
    """The tool's own check for its verification page: the stored credential's signature
    with the key its proof names, and the revocation bit."""
    method = str(badge.credential.get("proof", {}).get("verificationMethod", ""))
    key = badge_key(session, method.rsplit("/", 1)[-1]) if "/keys/" in method else None
    signature_valid = key is not None and proof_holds(badge.credential, public_key_of(key.public_multibase))
    return Check(signature_valid=signature_valid, revoked=badge.revoked_at is not None)
