"""A module's score from its scored blocks. Pure: no database, no Flask.

Which attempt of a block counts (best or latest) is the grading rule's business
(``lti_tool.grading.rules``); this adds up the points of the attempts it chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..content.model import AnyBlock, Module
from ..numbers import percentage
from .registry import KINDS, Registry

SCORE_MAXIMUM = 100.0


def scored_blocks(module: Module, kinds: Registry = KINDS) -> list[AnyBlock]:
    """The blocks whose points make up the module's score (today: its quizzes)."""
    return [block for block in module.blocks if kinds.of(block).max_points(block) > 0]


def module_score(module: Module, counted: Mapping[str, Any], kinds: Registry = KINDS) -> float:
    """Percentage (0-100) of the scored blocks' points in the attempts that count (objects
    with ``.score``, by block id); 100 when nothing in the module is scored."""
    scored = scored_blocks(module, kinds)
    maximum = sum(kinds.of(block).max_points(block) for block in scored)
    if maximum == 0:
        return SCORE_MAXIMUM
    earned = sum((counted[b.id].score or 0.0) for b in scored if b.id in counted)
    return percentage(earned, maximum)
