"""Zip files in memory, reproducibly (fixed timestamps, sorted names, manifest first)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (2024, 1, 1, 0, 0, 0)
STORED_SUFFIXES = (".mp4", ".webm", ".ogg", ".oga", ".mp3", ".m4a", ".png", ".jpg", ".jpeg", ".gif")


def zip_bytes(files: Mapping[str, bytes], first: str = "imsmanifest.xml") -> bytes:
    buffer = io.BytesIO()
    names = sorted(files, key=lambda name: (name != first, name))
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = 0o644 << 16
            compressed = not name.lower().endswith(STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
            archive.writestr(info, files[name])
    return buffer.getvalue()
