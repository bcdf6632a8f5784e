"""The states a block can show in a static SCO, each rendered by the player's block template.

A static page cannot ask a server for the next state, so every state the runtime may
need is rendered in advance into a ``<template data-view=KEY>``: the start of every
block and whatever its kind adds (``BlockKind.views``: each consequence of a case
choice, each stage of an escape room). Quiz results depend on the learner's mix of
answers, so the runtime builds them from the page's data with the same CSS classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from lti_tool.blocks import KINDS, Registry
from lti_tool.blocks.render import StaticUrls, render_block
from lti_tool.content.model import AnyBlock


@dataclass(frozen=True)
class BlockView:
    key: str
    html: Markup


def static_urls(block: AnyBlock) -> StaticUrls:
    """Forms post to nowhere (the runtime handles them); media are relative to the page."""
    return StaticUrls(base=f"#b-{block.id}", media_base="media/", hidden={"block": block.id})


def block_views(block: AnyBlock, pass_mark: int, env: jinja2.Environment,
                kinds: Registry = KINDS) -> list[BlockView]:
    kind = kinds.of(block)
    states = [("start", kind.state(block, [], done=False, pass_mark=pass_mark)), *kind.views(block)]
    urls = static_urls(block)
    return [BlockView(key, render_block(block, state, urls, env)) for key, state in states]
