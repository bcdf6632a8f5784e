"""How long a video or audio file plays, read from the file itself (``mutagen``).

When the file cannot be read (not a real media file, an unknown container) the length of
its text alternative stands in: the end of the last caption cue for a video.
"""

from __future__ import annotations

import re
from pathlib import Path

import mutagen

CUE_END = re.compile(r"-->\s*(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")


def probe_seconds(path: Path) -> float | None:
    """The playing time of the media file at ``path`` in seconds, or ``None`` when unknown."""
    try:
        media = mutagen.File(path)
    except (mutagen.MutagenError, OSError):
        return None
    length = getattr(getattr(media, "info", None), "length", None) if media is not None else None
    return float(length) if length else None


def captions_seconds(path: Path) -> float | None:
    """The end of the last cue of a WebVTT file in seconds, or ``None`` without cues."""
    try:
        ends = CUE_END.findall(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if not ends:
        return None
    hours, minutes, seconds, millis = ends[-1]
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
