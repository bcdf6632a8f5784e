"""The guided person's personal code: 4 to 6 digits, stored as a slow, salted, peppered hash.

``scrypt(HMAC-SHA256(pepper, code), per-track salt)``: the pepper is derived from
``SECRET_KEY``, so a copy of the database alone is not enough to try all codes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from ..xapi.keys import derive_key

CODE_PATTERN = re.compile(r"^[0-9]{4,6}$")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PEPPER = b"samenleer-code-pepper"


def new_salt() -> str:
    return secrets.token_hex(16)


def code_problem(code: str) -> str | None:
    """Why ``code`` cannot be a personal code (a key of ``CODE_PROBLEMS``), or ``None``."""
    if not CODE_PATTERN.match(code):
        return "format"
    digits = [int(c) for c in code]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if len(set(digits)) == 1 or steps in ({1}, {-1}):
        return "too_easy"
    return None


def _digest(code: str, salt: str, secret_key: str, n: int, r: int, p: int) -> bytes:
    material = hmac.new(derive_key(secret_key, PEPPER), code.encode(), hashlib.sha256).digest()
    return hashlib.scrypt(material, salt=bytes.fromhex(salt), n=n, r=r, p=p, dklen=32,
                          maxmem=64 * 1024 * 1024)


def hash_code(code: str, salt: str, secret_key: str) -> str:
    digest = _digest(code, salt, secret_key, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${digest.hex()}"


def verify_code(code: str, salt: str, stored: str, secret_key: str) -> bool:
    try:
        kind, n, r, p, expected = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt" or not CODE_PATTERN.match(code):
        return False
    given = _digest(code, salt, secret_key, int(n), int(r), int(p))
    return hmac.compare_digest(given.hex(), expected)
