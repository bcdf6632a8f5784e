#!/usr/bin/env python3
"""Regenerate the spoken media of module 1 (``rol-van-de-werkbegeleider``).

Needs Debian's ``espeak-ng``, ``ffmpeg`` and ``fonts-dejavu-core``:

    apt-get install espeak-ng ffmpeg fonts-dejavu-core
    python3 scripts/make_media.py            # writes content_packages/werkbegeleiding/media/

Every sentence is spoken into its own WAV file, so its length is known: that gives the
WebVTT cue times and how long each slide stays on screen. The transcript and the
captions are written from the same sentences, so they always match the audio.

Output:
  rol-podcast.ogg / rol-podcast.md           a short conversation (Opus, mono) and its transcript
  rol-video.mp4 / rol-video.vtt / -poster.png  four slides with a spoken track and Dutch captions
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "content_packages" / "werkbegeleiding" / "media"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
RATE = 22050  # espeak-ng's own sample rate
GAP = 0.45  # seconds of silence after every sentence
TURN_GAP = 0.6  # and a little more when the other person starts speaking
WIDTH, HEIGHT = 640, 360
SLIDE_BG = "0x1d4f91"  # the default brand colour; white text on it is 8.6:1

VOICES = {
    "Sanne": ("nl+f3", 150, 50),  # voice, words per minute, pitch
    "Karim": ("nl+m3", 145, 38),
}

# ---- the podcast: Sanne (werkbegeleider) talks with Karim (jobcoach) ----------------------------
PODCAST: list[tuple[str, str]] = [
    ("Sanne", "Hoi, ik ben Sanne. Ik ben werkbegeleider in de keuken van een verpleeghuis."),
    ("Karim", "En ik ben Karim. Ik werk als jobcoach."),
    ("Sanne", "Karim, sinds twee weken werkt Tim bij ons in de keuken. Jij bent zijn jobcoach."),
    ("Sanne", "Wat doe jij eigenlijk, en wat doe ik?"),
    ("Karim", "Goede vraag. Jij bent er elke dag. Jij laat Tim zien hoe het werk gaat."),
    ("Karim", "Ik kom af en toe langs. Ik weet veel van zijn beperking, en van wat hij nodig heeft."),
    ("Sanne", "Dus als Tim erg moe is, of als het hem te druk wordt, dan bel ik jou?"),
    ("Karim", "Ja, graag. Vertel me wat je ziet. Dan zoeken we samen naar een oplossing."),
    ("Karim", "Misschien helpt een vaste pauze, of een lijstje met zijn taken voor die dag."),
    ("Sanne", "En als hij vragen heeft over zijn loon of zijn contract?"),
    ("Karim", "Dan stuur je hem naar HR. Dat hoef jij niet uit te zoeken."),
    ("Sanne", "Fijn om te horen. Soms wil ik alles zelf oplossen."),
    ("Karim", "Dat snap ik. Maar je staat er niet alleen voor."),
    ("Karim", "Laten we afspreken hoe vaak we elkaar bellen. Bijvoorbeeld om de week, tien minuten."),
    ("Sanne", "Dat lijkt me een goed plan. Dan weet ik ook wat ik van jou kan verwachten."),
    ("Karim", "Precies. En vertel het ook aan Tim. Hij mag weten dat wij contact hebben."),
]


@dataclass(frozen=True)
class Slide:
    title: str
    body: str
    lines: list[str]  # what the narrator says while the slide is shown, one sentence each


# ---- the video: four slides, one narrator -------------------------------------------------------
VIDEO = [
    Slide("Drie vragen voor een goede start",
          "Je gaat een nieuwe collega begeleiden.",
          ["Je gaat een nieuwe collega begeleiden.",
           "Stel jezelf dan eerst drie vragen."]),
    Slide("1. Wat is mijn taak?",
          "Voordoen, meekijken en eerlijke tips geven bij het werk van elke dag.",
          ["Vraag één: wat is mijn taak?",
           "Jij helpt bij het werk van elke dag.",
           "Je doet dingen voor, je kijkt mee en je geeft eerlijke tips."]),
    Slide("2. Wie doet er nog meer mee?",
          "Leidinggevende, jobcoach, HR. Schrijf hun namen op.",
          ["Vraag twee: wie doet er nog meer mee?",
           "Denk aan de leidinggevende, de jobcoach en HR.",
           "Schrijf hun namen op, dan hoef je later niet te zoeken."]),
    Slide("3. Wanneer geef ik een vraag door?",
          "Geld, gezondheid of beoordeling? Dan helpt iemand anders beter. Jij blijft betrokken.",
          ["Vraag drie: wanneer geef ik een vraag door?",
           "Gaat het over geld, gezondheid of beoordeling?",
           "Dan kan iemand anders je collega beter helpen.",
           "Jij blijft wel betrokken, zo houdt je collega vertrouwen in jou."]),
]
NARRATOR = ("nl", 145, 45)


def run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, stdout=subprocess.DEVNULL,  # noqa: S603
                   stderr=subprocess.PIPE)


def speak(text: str, voice: tuple[str, int, int], target: Path) -> float:
    """Speak one sentence into ``target`` (WAV); return its length in seconds."""
    name, speed, pitch = voice
    run("espeak-ng", "-v", name, "-s", str(speed), "-p", str(pitch), "-w", target, text)
    with wave.open(str(target)) as wav:
        return wav.getnframes() / wav.getframerate()


def silence(seconds: float, target: Path) -> None:
    with wave.open(str(target), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"\0\0" * round(seconds * RATE))


def join_wavs(parts: list[Path], target: Path) -> float:
    """Concatenate mono 16-bit WAVs of the same rate; return the total length in seconds."""
    frames = 0
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        for part in parts:
            with wave.open(str(part)) as wav:
                if wav.getframerate() != RATE or wav.getnchannels() != 1:
                    raise SystemExit(f"unexpected WAV format in {part}")
                data = wav.readframes(wav.getnframes())
                frames += wav.getnframes()
                out.writeframes(data)
    return frames / RATE


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{minutes:02d}:{secs:02d}.{millis:03d}"


def make_podcast(work: Path) -> None:
    parts: list[Path] = []
    previous = None
    for index, (speaker, sentence) in enumerate(PODCAST):
        if previous is not None:
            pause = work / f"p{index:02d}-gap.wav"
            silence(TURN_GAP if speaker != previous else GAP, pause)
            parts.append(pause)
        clip = work / f"p{index:02d}.wav"
        speak(sentence, VOICES[speaker], clip)
        parts.append(clip)
        previous = speaker
    total = join_wavs(parts, work / "podcast.wav")
    run("ffmpeg", "-y", "-loglevel", "error", "-i", work / "podcast.wav", "-ac", "1",
        "-c:a", "libopus", "-b:a", "20k", "-application", "voip", "-map_metadata", "-1",
        "-fflags", "+bitexact", "-flags:a", "+bitexact", MEDIA / "rol-podcast.ogg")

    lines = ["**Een gesprek tussen Sanne (werkbegeleider) en Karim (jobcoach).**", ""]
    turn: list[str] = []
    speaker_now = None
    for speaker, sentence in [*PODCAST, ("", "")]:
        if speaker != speaker_now and turn:
            lines += [f"**{speaker_now}:** " + " ".join(turn), ""]
            turn = []
        speaker_now = speaker
        if sentence:
            turn.append(sentence)
    (MEDIA / "rol-podcast.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"podcast: {total:.1f} s")


def slide_png(slide: Slide, target: Path, work: Path) -> None:
    title_file = work / (target.stem + "-title.txt")
    body_file = work / (target.stem + "-body.txt")
    title_file.write_text(textwrap.fill(slide.title, 26), encoding="utf-8")
    body_file.write_text(textwrap.fill(slide.body, 40), encoding="utf-8")
    draw = (
        f"drawtext=fontfile={FONT_BOLD}:textfile={title_file}:fontcolor=white:fontsize=34:"
        f"line_spacing=8:x=44:y=56,"
        f"drawbox=x=44:y=150:w=120:h=5:color=0xffbf47:t=fill,"
        f"drawtext=fontfile={FONT}:textfile={body_file}:fontcolor=white:fontsize=25:"
        f"line_spacing=10:x=44:y=186"
    )
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
        f"color=c={SLIDE_BG}:s={WIDTH}x{HEIGHT}:d=1", "-vf", draw, "-frames:v", "1",
        "-fflags", "+bitexact", target)


def make_video(work: Path) -> None:
    cues: list[tuple[float, float, str]] = []
    audio_parts: list[Path] = []
    slide_lengths: list[float] = []
    clock = 0.0
    lead_in = work / "v-lead.wav"
    silence(0.5, lead_in)
    audio_parts.append(lead_in)
    clock = 0.5
    for s_index, slide in enumerate(VIDEO):
        start = clock if s_index else 0.0
        for l_index, sentence in enumerate(slide.lines):
            clip = work / f"v{s_index}-{l_index}.wav"
            length = speak(sentence, NARRATOR, clip)
            cues.append((clock, clock + length, sentence))
            gap = work / f"v{s_index}-{l_index}-gap.wav"
            pause = GAP if l_index + 1 < len(slide.lines) else 1.0
            silence(pause, gap)
            audio_parts += [clip, gap]
            clock += length + pause
        slide_lengths.append(clock - start)
    total = join_wavs(audio_parts, work / "video.wav")

    pngs = []
    for index, slide in enumerate(VIDEO):
        png = work / f"slide-{index + 1}.png"
        slide_png(slide, png, work)
        pngs.append(png)
    shutil.copy(pngs[0], MEDIA / "rol-video-poster.png")

    concat = work / "slides.txt"
    entries = []
    for png, length in zip(pngs, slide_lengths, strict=True):
        entries += [f"file '{png}'", f"duration {length:.3f}"]
    entries.append(f"file '{pngs[-1]}'")  # the concat demuxer needs the last file twice
    concat.write_text("\n".join(entries) + "\n", encoding="utf-8")
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", concat,
        "-i", work / "video.wav", "-vf", "fps=5,format=yuv420p", "-c:v", "libx264",
        "-preset", "veryslow", "-tune", "stillimage", "-crf", "30", "-threads", "1",
        "-c:a", "aac", "-b:a", "40k", "-ac", "1", "-shortest", "-movflags", "+faststart",
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
        "-flags:a", "+bitexact", MEDIA / "rol-video.mp4")

    vtt = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, 1):
        vtt += [str(number), f"{timestamp(start)} --> {timestamp(end)}",
                textwrap.fill(text, 42), ""]
    (MEDIA / "rol-video.vtt").write_text("\n".join(vtt), encoding="utf-8")
    print(f"video: {total:.1f} s, {len(cues)} cues, slides {[round(s, 1) for s in slide_lengths]}")


def main() -> int:
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: apt-get install espeak-ng ffmpeg fonts-dejavu-core",
                  file=sys.stderr)
            return 1
    if not FONT.exists():
        print("DejaVu fonts are missing: apt-get install fonts-dejavu-core", file=sys.stderr)
        return 1
    MEDIA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_podcast(work)
        make_video(work)
    for path in sorted(MEDIA.glob("rol-*")):
        print(f"{path.name:24} {path.stat().st_size:>9,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
