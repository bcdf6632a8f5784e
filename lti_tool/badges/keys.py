"""The badge key: Ed25519, made on first use and stored in the database like the LTI keys."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import BadgeKey
from . import multibase


def public_multibase(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase.encode(multibase.ED25519_PUBLIC_HEADER + raw)


def public_key_of(multibase_key: str) -> Ed25519PublicKey:
    raw = multibase.decode(multibase_key)
    if not raw.startswith(multibase.ED25519_PUBLIC_HEADER) or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_pem(pem: str) -> Ed25519PrivateKey:
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError("the badge key is not Ed25519")
    return private


def private_key_of(key: BadgeKey) -> Ed25519PrivateKey:
    return private_key_from_pem(key.private_pem)


def _generate() -> BadgeKey:
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return BadgeKey(kid=uuid.uuid4().hex, private_pem=pem,
                    public_multibase=public_multibase(private.public_key()))


def current_badge_key(session: Session) -> BadgeKey:
    """The newest badge key; the very first one is made in the caller's transaction (so it
    is kept when the caller commits what it signed, and never waits for a lock the caller
    holds). Two first badges at once may make two keys: both are published and valid."""
    key = session.scalars(select(BadgeKey).order_by(BadgeKey.id.desc()).limit(1)).first()
    if key is None:
        key = _generate()
        session.add(key)
        session.flush()
    return key


def badge_key(session: Session, kid: str) -> BadgeKey | None:
    return session.scalars(select(BadgeKey).where(BadgeKey.kid == kid)).first()
