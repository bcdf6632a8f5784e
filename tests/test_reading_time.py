"""Reading times come from the content: words at 120 a minute, media by their length,
a fixed time per exercise; a hand-written number that disagrees is refused by ``content check``."""

from __future__ import annotations

import shutil
from pathlib import Path

from lti_tool.blocks import KINDS
from lti_tool.blocks.timing import (
    CASE_STEP_SECONDS,
    QUESTION_SECONDS,
    REFLECTION_SECONDS,
    WORDS_PER_MINUTE,
    reading_seconds,
    total_minutes,
    word_count,
)
from lti_tool.content import load_package
from lti_tool.content.loader import check_package
from lti_tool.content.model import Module
from lti_tool.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "content_packages" / "werkbegeleiding"


def module(blocks: list[dict]) -> Module:
    return Module.model_validate({"id": "m", "title": "M", "blocks": blocks})


def test_words_are_read_at_120_a_minute_for_b1_readers():
    assert WORDS_PER_MINUTE == 120
    assert word_count("**Goed** luisteren, zo'n *collega*: 1-op-1 gesprek.") == 6
    text = " ".join(["woord"] * 1200)
    assert reading_seconds(text) == 600
    assert module([{"id": "t", "type": "text", "body": text}]).minutes == 10


def test_exercises_add_a_fixed_time_and_the_total_rounds_up():
    body = " ".join(["woord"] * 130)  # 65 seconds
    quiz = {"id": "q", "type": "quiz", "questions": [
        {"id": f"v{i}", "prompt": "Vraag?", "options": [
            {"text": "ja", "correct": True, "feedback": "Klopt."},
            {"text": "nee", "feedback": "Niet zo."}]} for i in range(3)]}
    reflection = {"id": "r", "type": "reflection", "prompt": "Schrijf op"}
    case = {"id": "c", "type": "case", "steps": [{"id": "s", "situation": "Wat nu?", "choices": [
        {"id": "a", "text": "Dit", "consequence": "Zo.", "explanation": "Om.", "next": "end"}]}]}
    m = module([{"id": "t", "type": "text", "body": body}, quiz, reflection, case])
    seconds = 65 + 3 * QUESTION_SECONDS + 2 * 60 / WORDS_PER_MINUTE + REFLECTION_SECONDS \
        + CASE_STEP_SECONDS
    assert m.minutes == total_minutes([seconds]) == 12  # 11 minutes 16 seconds -> 12
    assert total_minutes([]) == 1


def test_media_count_with_their_playing_time_read_from_the_file():
    course = load_package(SHIPPED)
    role = course.module("rol-van-de-werkbegeleider")
    assert role is not None
    video = next(b for b in role.blocks if b.type == "video")
    audio = next(b for b in role.blocks if b.type == "audio")
    assert 50 <= KINDS.of(video).seconds(video) <= 51   # rol-video.mp4 plays 50.4 s
    assert 88 <= KINDS.of(audio).seconds(audio) <= 89   # rol-podcast.ogg plays 88.4 s
    assert course.minutes == sum(m.minutes for m in course.modules)


def test_a_video_that_cannot_be_read_takes_the_length_of_its_captions(tmp_path: Path):
    package = tmp_path / "pkg"
    shutil.copytree(SHIPPED, package)
    (package / "media" / "rol-video.mp4").write_bytes(b"not a video")
    course = load_package(package)
    video = next(b for b in course.module("rol-van-de-werkbegeleider").blocks
                 if b.type == "video")
    assert video.seconds == 49.361  # the last cue ends at 00:49.361


def test_the_shipped_modules_no_longer_claim_15_minutes_for_600_words_and_exercises():
    course = load_package(SHIPPED)
    # Before: every module said 15 or 20 minutes by hand, whatever it held.
    assert all(m.minutes == m.estimated_minutes for m in course.modules)
    assert all(20 <= m.minutes <= 30 for m in course.modules)


def test_content_check_refuses_a_stated_time_that_disagrees(tmp_path: Path):
    package = tmp_path / "pkg"
    shutil.copytree(SHIPPED, package)
    path = package / "modules" / "lastige-gesprekken.yaml"
    text = path.read_text(encoding="utf-8")
    stated = load_package(SHIPPED).module("lastige-gesprekken").minutes
    path.write_text(text.replace(f"estimated_minutes: {stated}", "estimated_minutes: 15"),
                    encoding="utf-8")
    problems = [str(p) for p in check_package(package)]
    assert len(problems) == 1
    assert "lastige-gesprekken.yaml" in problems[0]
    assert f"estimated_minutes is 15, but the content takes about {stated} minutes" in problems[0]
    path.write_text("\n".join(line for line in text.splitlines()
                              if not line.startswith("estimated_minutes")), encoding="utf-8")
    assert check_package(package) == []  # leaving it out is fine: the time is computed
