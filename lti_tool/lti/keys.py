"""The tool's own RSA keys: created on first use, published in the JWKS."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ToolKey, as_utc, utcnow


def generate_key(signing_from: datetime | None = None) -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    kid = uuid.uuid4().hex
    public = JWK.from_pem(pem.encode()).export_public(as_dict=True)
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    now = utcnow()
    return ToolKey(kid=kid, private_pem=pem, public_jwk=public, created_at=now,
                   signing_from=signing_from or now)


def published_keys(session: Session) -> list[ToolKey]:
    now = utcnow()
    keys = session.execute(select(ToolKey).order_by(ToolKey.created_at)).scalars().all()
    return [key for key in keys if key.retired_at is None or as_utc(key.retired_at) > now]


def ensure_tool_key(session: Session) -> ToolKey:
    """The key to sign with now; a first key is generated (and committed) when none exists."""
    now = utcnow()
    usable = [key for key in published_keys(session) if as_utc(key.signing_from) <= now]
    if usable:
        return usable[-1]
    key = generate_key()
    session.add(key)
    session.commit()
    return key


def jwks(session: Session) -> dict:
    """The public key set; on a tool's very first request this creates its first key."""
    ensure_tool_key(session)
    return {"keys": [key.public_jwk for key in published_keys(session)]}


def rotate(session: Session, overlap: timedelta) -> ToolKey:
    """Publish a new key now, sign with it after ``overlap``, drop the old one after 2x ``overlap``.

    Platforms cache our JWKS; the overlap gives them time to see the new key before
    anything is signed with it, and to keep verifying what the old key signed.
    """
    now = utcnow()
    current = ensure_tool_key(session)
    new_key = generate_key(signing_from=now + overlap)
    session.add(new_key)
    for key in published_keys(session):
        if key.kid != new_key.kid and key.retired_at is None:
            key.retired_at = now + 2 * overlap
    session.flush()
    assert current.kid != new_key.kid
    return new_key
