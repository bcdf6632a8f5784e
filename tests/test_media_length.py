"""Media lengths: ``probe_seconds`` gives ``mutagen.File``'s answer while importing only the
format a file's name and first bytes point to (``lti_tool/content/media_length.py``)."""

from __future__ import annotations

import io
from pathlib import Path

import mutagen
import pytest
from mutagen.aac import AAC
from mutagen.ac3 import AC3
from mutagen.aiff import AIFF
from mutagen.apev2 import APEv2File
from mutagen.asf import ASF
from mutagen.dsdiff import DSDIFF
from mutagen.dsf import DSF
from mutagen.flac import FLAC
from mutagen.id3 import ID3FileType
from mutagen.monkeysaudio import MonkeysAudio
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.musepack import Musepack
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggtheora import OggTheora
from mutagen.oggvorbis import OggVorbis
from mutagen.optimfrog import OptimFROG
from mutagen.smf import SMF
from mutagen.tak import TAK
from mutagen.trueaudio import TrueAudio
from mutagen.wave import WAVE
from mutagen.wavpack import WavPack

from lti_tool.content.media_length import _formats, captions_seconds, probe_seconds
from lti_tool.settings import PROJECT_ROOT

MEDIA = PROJECT_ROOT / "content_packages" / "werkbegeleiding" / "media"
# Every format mutagen.File weighs when given none (the list in mutagen._file.File).
ALL_FORMATS = [MP3, TrueAudio, OggTheora, OggSpeex, OggVorbis, OggFLAC, FLAC, AIFF, APEv2File, MP4,
               ID3FileType, WavPack, Musepack, MonkeysAudio, OptimFROG, ASF, OggOpus, AAC, AC3, SMF,
               TAK, DSF, DSDIFF, WAVE]
HEADERS = {
    "opus.ogg": b"OggS\x00\x02" + b"\x00" * 22 + b"OpusHead\x01\x02",
    "vorbis.oga": b"OggS\x00\x02" + b"\x00" * 22 + b"\x01vorbis\x00\x00",
    "flac.ogg": b"OggS\x00\x02" + b"\x00" * 22 + b"\x7fFLAC\x01\x00fLaC",
    "speex.opus": b"OggS\x00\x02" + b"\x00" * 22 + b"Speex   1.2",
    "video.mp4": b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41",
    "audio.m4a": b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isom",
    "tagged.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64",
    "plain.mp3": b"\xff\xfb\x90\x64" + b"\x00" * 60,
    "sound.wav": b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00",
}


def _best(name: str, header: bytes, options: list) -> object:
    """The format ``mutagen.File`` picks for this name and header (its own ranking)."""
    header = header.ljust(128, b"\x00")
    scores = []
    for kind in options:
        file = io.BytesIO(header + b"\x00" * 1024)  # some formats also read the file's end
        scores.append((kind.score(name, file, header), kind.__name__, kind))
    return max(scores)[2]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_the_narrowed_formats_hold_the_one_mutagen_file_would_choose(name):
    header = HEADERS[name].ljust(128, b"\x00")
    formats = _formats(Path(name).suffix, header)
    assert formats is not None
    assert _best(name, header, ALL_FORMATS) in formats()


@pytest.mark.parametrize("name, header", [
    ("video.webm", b"\x1aE\xdf\xa3"),                 # Matroska: mutagen has no such format
    ("renamed.mp3", HEADERS["opus.ogg"]),            # Ogg under another name
    ("opus.ogg", b"\x00\x00\x00\x20ftypisom"),       # MP4 bytes under an Ogg name
    ("sound.flac", b"fLaC\x00\x00\x00\x22"),
])
def test_any_other_file_is_left_to_mutagen_file_and_all_its_formats(name, header):
    assert _formats(Path(name).suffix, header) is None


@pytest.mark.parametrize("name", ["rol-video.mp4", "rol-podcast.ogg"])
def test_the_course_media_measure_as_with_mutagen_file(name):
    expected = mutagen.File(MEDIA / name).info.length
    assert probe_seconds(MEDIA / name) == pytest.approx(expected, abs=0)
    assert expected > 1


def test_an_unreadable_or_missing_file_has_no_length(tmp_path):
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 40)
    assert probe_seconds(fake) is None
    assert probe_seconds(tmp_path / "missing.ogg") is None
    (tmp_path / "c.vtt").write_text("WEBVTT\n\n00:00.000 --> 01:02.500\nHallo\n", encoding="utf-8")
    assert captions_seconds(tmp_path / "c.vtt") == 62.5
