"""The badge picture (a PNG in the organisation's colours) and OB 3.0 baking: the signed
credential in an ``iTXt`` chunk with the keyword ``openbadgecredential``."""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

KEYWORD = b"openbadgecredential"
SIZE = 240
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _segment_distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


@lru_cache(maxsize=64)
def badge_png(primary: str, accent: str) -> bytes:
    """A round badge: an accent ring, a primary disc and a white tick."""
    ring, disc, white = _rgb(accent), _rgb(primary), (255, 255, 255)
    centre, tick = SIZE / 2, ((70.0, 124.0), (104.0, 158.0), (172.0, 88.0))
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        for x in range(SIZE):
            distance = math.hypot(x + 0.5 - centre, y + 0.5 - centre)
            if distance > 118:
                rows += b"\0\0\0\0"
            elif distance > 100:
                rows += bytes((*ring, 255))
            elif 60 < x < 184 and 76 < y < 170 and min(
                    _segment_distance(x, y, tick[0], tick[1]),
                    _segment_distance(x, y, tick[1], tick[2])) < 11:
                rows += bytes((*white, 255))
            else:
                rows += bytes((*disc, 255))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _chunk(b"IEND", b""))


def bake(png: bytes, credential_json: str) -> bytes:
    """``png`` with the credential in an uncompressed ``iTXt`` chunk just before ``IEND``."""
    if not png.startswith(PNG_SIGNATURE) or not png.endswith(_chunk(b"IEND", b"")):
        raise ValueError("not a PNG")
    text = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential_json.encode("utf-8")
    end = len(png) - 12
    return png[:end] + _chunk(b"iTXt", text) + png[end:]


def unbake(png: bytes) -> str | None:
    """The credential baked into ``png``, or ``None``."""
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        if kind == b"iTXt":
            keyword, _, rest = data.partition(b"\0")
            if keyword == KEYWORD and rest[:1] == b"\0":
                # compression flag and method, then language tag and translated keyword
                text = rest[2:].split(b"\0", 2)[-1]
                return text.decode("utf-8")
        position += 12 + length
    return None
