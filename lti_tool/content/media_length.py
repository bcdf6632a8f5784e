"""How long a video or audio file plays, read from the file itself (``mutagen``).

When the file cannot be read (not a real media file, an unknown container) the length of
its text alternative stands in: the end of the last caption cue for a video.

``mutagen.File`` imports every format mutagen knows (some 25 modules) to pick the one that
scores best on the file's first bytes and name. An MP4 video, Ogg audio (Opus, Vorbis, ...),
MP3 or WAV file with its usual name announces itself in those bytes, where no other format
can score as high, so ``mutagen.File`` is given only that format (the same choice, without
importing the rest); any other file still goes through all of them. Nothing of mutagen
loads until a length is measured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CUE_END = re.compile(r"-->\s*(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")
HEADER_BYTES = 128  # what mutagen.File reads to score the formats
MPEG_AUDIO_SYNC = (b"ID3", b"\xff\xf2", b"\xff\xf3", b"\xff\xfa", b"\xff\xfb")


def _mp4() -> list[Any]:
    from mutagen.mp4 import MP4

    return [MP4]


def _ogg() -> list[Any]:
    from mutagen.oggflac import OggFLAC
    from mutagen.oggopus import OggOpus
    from mutagen.oggspeex import OggSpeex
    from mutagen.oggtheora import OggTheora
    from mutagen.oggvorbis import OggVorbis

    return [OggTheora, OggSpeex, OggVorbis, OggFLAC, OggOpus]


def _mp3() -> list[Any]:
    from mutagen.mp3 import MP3

    return [MP3]


def _wave() -> list[Any]:
    from mutagen.wave import WAVE

    return [WAVE]


def _formats(suffix: str, header: bytes) -> Callable[[], Sequence[Any]] | None:
    """The mutagen formats that can claim a file with this name ``suffix`` starting with
    ``header``; ``None``: let ``mutagen.File`` weigh them all.

    Only where no other format can score as high: no other format's score counts these
    suffixes, and none of the other formats' marks fits such a header.
    """
    if suffix in (".ogg", ".oga", ".opus") and header.startswith(b"OggS"):
        return _ogg
    if suffix in (".mp4", ".m4a") and header[4:8] == b"ftyp":
        return _mp4
    if suffix == ".mp3" and header.startswith(MPEG_AUDIO_SYNC):
        return _mp3
    if suffix == ".wav" and header.startswith(b"RIFF") and header[8:12] == b"WAVE":
        return _wave
    return None


def probe_seconds(path: Path) -> float | None:
    """The playing time of the media file at ``path`` in seconds, or ``None`` when unknown."""
    import mutagen

    try:
        with path.open("rb") as file:
            formats = _formats(path.suffix.lower(), file.read(HEADER_BYTES))
        media = mutagen.File(path, options=formats() if formats else None)
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
