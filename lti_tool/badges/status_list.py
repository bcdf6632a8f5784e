"""Revocation through a W3C Bitstring Status List, one list per organisation.

Every badge holds one bit of its organisation's list (131,072 bits: the 16 KiB minimum the
specification asks for, so a list gives no one a clue about how many badges exist). A set
bit means revoked. The list is itself a credential, signed with the badge key when served.
"""

from __future__ import annotations

import base64
import gzip
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .documents import CREDENTIALS_V2

LIST_LENGTH = 131_072
PURPOSE = "revocation"


def random_index() -> int:
    return secrets.randbelow(LIST_LENGTH)


def encode_list(revoked: Iterable[int]) -> str:
    """The multibase (base64url, ``u``) GZIP of the bitstring; bit 0 is the first byte's
    highest bit."""
    bits = bytearray(LIST_LENGTH // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode_list(encoded: str) -> bytes:
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_entry(list_url: str, index: int) -> dict[str, str]:
    """The ``credentialStatus`` of the badge with bit ``index``."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry",
            "statusPurpose": PURPOSE, "statusListIndex": str(index), "statusListCredential": list_url}


def status_list_credential(list_url: str, issuer_id: str, revoked: Iterable[int],
                           valid_from: str) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList",
                              "statusPurpose": PURPOSE, "encodedList": encode_list(revoked)},
    }


def as_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
