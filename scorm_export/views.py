"""The states a block can show in a static SCO, each rendered by the player's block template.

A static page cannot ask a server for the next state, so every state the runtime may
need is rendered in advance into a ``<template data-view=KEY>``: the start of every
block, each consequence of a case choice (``s<step>c<choice>``), each stage of an
escape room (``k<solved>``, ``end``). Quiz results depend on the learner's mix of
answers, so the runtime builds them from the page's data with the same CSS classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from lti_tool.content.model import AnyBlock, CaseBlock, EscapeRoomBlock
from lti_tool.learning.render import StaticUrls, render_block
from lti_tool.learning.state import BlockState, CaseMove, build_state

# The player's notice after a solved puzzle (``learning/views.py`` NOTICES["opgelost"]); the
# standalone environment is untranslated Dutch, like the exported content.
SOLVED_STATUS = "Goed zo! Je hebt een stukje van de code gevonden."


@dataclass(frozen=True)
class BlockView:
    key: str
    html: Markup


def static_urls(block: AnyBlock) -> StaticUrls:
    """Forms post to nowhere (the runtime handles them); media are relative to the page."""
    return StaticUrls(base=f"#b-{block.id}", media_base="media/", hidden={"block": block.id})


def block_views(block: AnyBlock, pass_mark: int, env: jinja2.Environment) -> list[BlockView]:
    states = [("start", build_state(block, [], done=False, pass_mark=pass_mark))]
    if isinstance(block, CaseBlock):
        states += _case_states(block)
    elif isinstance(block, EscapeRoomBlock):
        states += _escape_states(block, SOLVED_STATUS)
    urls = static_urls(block)
    return [BlockView(key, render_block(block, state, urls, env)) for key, state in states]


def _case_states(block: CaseBlock) -> list[tuple[str, BlockState]]:
    states = []
    for si, step in enumerate(block.steps):
        for ci, choice in enumerate(step.choices):
            following = block.step(choice.next) if choice.next else None
            states.append((f"s{si}c{ci}", BlockState(path=[CaseMove(step, choice)],
                                                     current_step=following,
                                                     finished=following is None)))
    return states


def _escape_states(block: EscapeRoomBlock, status: str) -> list[tuple[str, BlockState]]:
    puzzles = block.puzzles
    states = []
    for solved in range(1, len(puzzles) + 1):
        current = puzzles[solved] if solved < len(puzzles) else None
        states.append((f"k{solved}", BlockState(solved=puzzles[:solved], current_puzzle=current,
                                                status=status)))
    states.append(("end", BlockState(solved=list(puzzles), finished=True, done=True)))
    return states
