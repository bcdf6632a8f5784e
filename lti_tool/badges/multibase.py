"""Multibase base58-btc (the ``z`` prefix), as Multikey and Data Integrity proofs write it."""

from __future__ import annotations

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUBLIC_HEADER = b"\xed\x01"  # the multicodec varint of an Ed25519 public key


def encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = ALPHABET[rest] + digits
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * zeros + digits


def decode(text: str) -> bytes:
    if not text.startswith("z"):
        raise ValueError("not base58-btc multibase")
    body = text[1:]
    number = 0
    for char in body:
        index = ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58-btc")
        number = number * 58 + index
    zeros = len(body) - len(body.lstrip("1"))
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + raw
