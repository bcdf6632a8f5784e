"""The unsigned OpenBadgeCredential (Open Badges 3.0 on the VC Data Model 2.0).

The learner is named by one salted hash and nothing else (OB 3.0 ``IdentityObject``):
the e-mail address when the platform gave one, else the LTI user id. Whoever already knows
the address (an employer, edubadges) can check that the badge is this person's; whoever
finds the badge learns no name and no address, and a fresh salt per badge keeps two badges
of one person from being linked by their hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .achievements import AchievementDefinition
from .documents import CREDENTIALS_V2, OPEN_BADGES_V3
from .status_list import as_of, status_entry
from .urls import BadgeUrls


@dataclass(frozen=True)
class Identity:
    """``identity_type`` is an OB 3.0 identifier type: ``emailAddress`` or ``ltiUserId``."""

    identity_type: str
    value: str


def identity_object(identity: Identity, salt: str | None = None) -> dict[str, Any]:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256((identity.value + salt).encode()).hexdigest()
    return {"type": "IdentityObject", "identityHash": f"sha256${digest}",
            "identityType": identity.identity_type, "hashed": True, "salt": salt}


def learner_identity(email: str | None, sub: str) -> Identity:
    if email and "@" in email:
        return Identity("emailAddress", email.strip().lower())
    return Identity("ltiUserId", sub)


def achievement(urls: BadgeUrls, slug: str, definition: AchievementDefinition) -> dict[str, Any]:
    return {
        "id": urls.achievement(slug, definition.key),
        "type": ["Achievement"],
        "achievementType": definition.achievement_type,
        "name": definition.name.nl,
        "description": definition.description.both(),
        "criteria": {"narrative": definition.criteria.both()},
        "image": {"id": urls.achievement_image(slug, definition.key), "type": "Image",
                  "caption": definition.name.nl},
        "inLanguage": "nl",
    }


def issuer_profile(urls: BadgeUrls, slug: str, organisation_name: str) -> dict[str, Any]:
    return {"id": urls.issuer(slug), "type": ["Profile"], "name": organisation_name}


def open_badge_credential(*, urls: BadgeUrls, slug: str, organisation_name: str,
                          definition: AchievementDefinition, public_id: str, status_index: int,
                          identity: Identity, issued: datetime) -> dict[str, Any]:
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": urls.credential_page(public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": definition.name.nl,
        "issuer": issuer_profile(urls, slug, organisation_name),
        "validFrom": as_of(issued),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identity_object(identity)],
            "achievement": achievement(urls, slug, definition),
        },
        "credentialStatus": status_entry(urls.status_list(slug), status_index),
    }
