"""Keys derived from ``SECRET_KEY``, one per purpose, so no two uses share a key.

Changing ``SECRET_KEY`` changes every derived key: learner pseudonyms in new
statements change, and stored LRS secrets must be set again.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ACTOR_PSEUDONYM = b"xapi-actor-pseudonym"
LRS_SECRET = b"lrs-secret-encryption"


@lru_cache(maxsize=16)
def derive_key(secret_key: str, purpose: bytes) -> bytes:
    """32 bytes from HKDF-SHA256 over the application secret, bound to ``purpose``.

    Kept per process (a few secrets at most, each a few purposes): every queued statement
    and every delivered batch needs one, and the derivation is the same each time."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret_key.encode())
