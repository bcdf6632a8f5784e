"""What the tool publishes for verifiers: the issuer's controller document, its keys, the
signed revocation list; and the check the verification page shows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import BadgeKey, IssuedBadge, Organisation, as_utc, utcnow
from .documents import DID_V1, MULTIKEY_V1
from .keys import badge_key, current_badge_key, private_key_from_pem, public_key_of
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


def signed_status_list(session: Session, urls: BadgeUrls, organisation: Organisation) -> dict[str, Any]:
    """The organisation's BitstringStatusListCredential as it stands now, signed.

    Its ``validFrom`` is the last revocation (else the organisation's start), so the same
    list signs to the same document and is signed once per change, not once per request.
    """
    key = current_badge_key(session)
    revoked = session.execute(select(IssuedBadge.status_index, IssuedBadge.revoked_at).where(
        IssuedBadge.organisation_id == organisation.id, IssuedBadge.revoked_at.is_not(None))).all()
    moments = [as_utc(row.revoked_at) for row in revoked] or [as_utc(organisation.created_at)]
    return _signed_list(urls.status_list(organisation.slug), urls.issuer(organisation.slug),
                        tuple(sorted(row.status_index for row in revoked)), max(moments),
                        urls.key(organisation.slug, key.kid), key.private_pem)


@lru_cache(maxsize=128)
def _signed_list(list_url: str, issuer_id: str, revoked: tuple[int, ...], valid_from: datetime,
                 method: str, private_pem: str) -> dict[str, Any]:
    unsigned = status_list_credential(list_url, issuer_id, revoked, as_of(valid_from))
    return sign(unsigned, private_key_from_pem(private_pem), method, valid_from)


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
    signature_valid = key is not None and _proof_holds(
        json.dumps(badge.credential, sort_keys=True), key.public_multibase)
    return Check(signature_valid=signature_valid, revoked=badge.revoked_at is not None)


@lru_cache(maxsize=512)
def _proof_holds(credential_json: str, public_multibase: str) -> bool:
    """Canonicalising costs a tenth of a second: a badge's page checks its text once."""
    return proof_holds(json.loads(credential_json), public_key_of(public_multibase))
