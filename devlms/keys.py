"""The devlms's RSA key pair: created once, published as a JWKS."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import DevKey


def _new_key() -> DevKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    # The RFC 7638 thumbprint is also what lti1p3platform derives as the kid.
    jwk = JWK.from_pem(pem.encode("ascii"))
    public = json.loads(jwk.export_public())
    public.update({"alg": "RS256", "use": "sig", "kid": jwk.thumbprint()})
    return DevKey(kid=public["kid"], private_pem=pem, public_jwk=public)


def ensure_key(session: Session) -> DevKey:
    """The signing key, created on first use."""
    key = signing_key(session)
    if key is None:
        key = _new_key()
        session.add(key)
        session.flush()
    return key


def signing_key(session: Session) -> DevKey | None:
    """The oldest key signs, so two processes racing at first start still agree."""
    return session.scalars(select(DevKey).order_by(DevKey.id).limit(1)).first()


def public_key_set(session: Session) -> dict:
    return {"keys": [key.public_jwk for key in session.scalars(select(DevKey).order_by(DevKey.id))]}


def key_by_kid(session: Session, kid: str) -> DevKey | None:
    return session.scalars(select(DevKey).where(DevKey.kid == kid)).first()
