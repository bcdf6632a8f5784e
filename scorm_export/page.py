"""One HTML page per SCO (one per module), rendered with the player's block templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from lti_tool.blocks import KINDS
from lti_tool.blocks.render import standalone_environment
from lti_tool.content.model import AnyBlock, Course, Module

from .page_data import module_data
from .versions import ScormVersion
from .views import BlockView, block_views

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class PageBlock:
    block: AnyBlock
    label: str  # the kind's name for the step, shown when the block has no title
    views: list[BlockView]


@lru_cache(maxsize=1)
def sco_environment() -> jinja2.Environment:
    """The player's standalone environment, with this package's page layout in front."""
    env = standalone_environment()
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(TEMPLATE_DIR))]
    if env.loader is not None:
        loaders.append(env.loader)
    env.loader = jinja2.ChoiceLoader(loaders)
    return env


def page_name(module: Module) -> str:
    return f"{module.id}.html"


def render_sco_page(course: Course, module: Module, version: ScormVersion) -> str:
    env = sco_environment()
    blocks = [PageBlock(block, KINDS.of(block).label, block_views(block, module.pass_mark, env))
              for block in module.blocks]
    return env.get_template("scorm/sco.html").render(
        course=course, module=module, blocks=blocks, data=module_data(course, module, version))
