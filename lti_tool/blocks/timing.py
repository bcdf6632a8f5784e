"""How long a module takes, from its content: the rule behind "Ongeveer N minuten".

- Text is read at ``WORDS_PER_MINUTE`` (120: a calm pace for B1 readers, who are the
  werkbegeleiders this course is for; fluent adults read about 200).
- A video or podcast takes its playing time, read from the file (else from its captions,
  else its transcript read at the same pace).
- Exercises take a fixed time besides their own text: ``QUESTION_SECONDS`` per quiz
  question, ``CASE_STEP_SECONDS`` per case step, ``REFLECTION_SECONDS`` per reflection,
  ``PUZZLE_SECONDS`` per escape room puzzle.

A module's total is rounded up to whole minutes. Each block kind says its own time
(``BlockKind.seconds``) with the helpers here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

WORDS_PER_MINUTE = 120
QUESTION_SECONDS = 60
CASE_STEP_SECONDS = 120
REFLECTION_SECONDS = 300
PUZZLE_SECONDS = 180

WORD = re.compile(r"\w+(?:['’-]\w+)*")


def word_count(*texts: str | None) -> int:
    """Words in the texts (Markdown marks and punctuation are not words)."""
    return sum(len(WORD.findall(text)) for text in texts if text)


def reading_seconds(*texts: str | None) -> float:
    """Seconds to read the texts at ``WORDS_PER_MINUTE``."""
    return word_count(*texts) * 60 / WORDS_PER_MINUTE


def total_minutes(seconds: Iterable[float]) -> int:
    """Whole minutes, rounded up, at least one."""
    return max(1, math.ceil(sum(seconds) / 60))
