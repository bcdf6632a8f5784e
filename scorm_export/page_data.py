"""The JSON a SCO page carries for its runtime: what to score and how to report it.

Answers are in the page on purpose (a SCORM package has no server to ask); option,
choice and puzzle positions are what ``cmi.suspend_data`` stores. Each block's own part
comes from its kind (``lti_tool.blocks``).
"""

from __future__ import annotations

from typing import Any

from lti_tool.blocks import KINDS, Registry
from lti_tool.blocks.scoring import scored_blocks
from lti_tool.content.model import AnyBlock, Course, Module

from .versions import ScormVersion

DECIMAL_MARK = ","  # the content and the exported pages are Dutch


def module_data(course: Course, module: Module, version: ScormVersion,
                kinds: Registry = KINDS) -> dict[str, Any]:
    required = set(module.required_block_ids)
    return {
        "version": version.value,
        "budget": version.suspend_budget,
        "storageKey": f"sco:{course.id}:{module.id}",
        "module": module.id,
        "passMark": module.pass_mark,
        "scored": bool(scored_blocks(module, kinds)),
        "decimalMark": DECIMAL_MARK,
        "blocks": [block_data(block, block.id in required, kinds) for block in module.blocks],
    }


def block_data(block: AnyBlock, required: bool, kinds: Registry = KINDS) -> dict[str, Any]:
    kind = kinds.of(block)
    return {"id": block.id, "type": block.type, "required": required, "read": kind.read,
            **kind.page_data(block)}
