"""The JSON a SCO page carries for its runtime: what to score and how to report it.

Answers are in the page on purpose (a SCORM package has no server to ask); option,
choice and puzzle positions are what ``cmi.suspend_data`` stores.
"""

from __future__ import annotations

from typing import Any

from lti_tool.content.markdown import render_inline_markdown
from lti_tool.content.model import (
    AnyBlock,
    AudioBlock,
    CaseBlock,
    Course,
    EscapeRoomBlock,
    Module,
    QuizBlock,
    TextBlock,
    VideoBlock,
    normalise_answer,
)

from .versions import ScormVersion

READ_TYPES = (TextBlock, VideoBlock, AudioBlock)
REFLECTION_MAX = 5000  # as the player (lti_tool/learning/views.py)
DECIMAL_MARK = ","  # the content and the exported pages are Dutch


def module_data(course: Course, module: Module, version: ScormVersion) -> dict[str, Any]:
    required = set(module.required_block_ids)
    return {
        "version": version.value,
        "budget": version.suspend_budget,
        "storageKey": f"sco:{course.id}:{module.id}",
        "module": module.id,
        "passMark": module.pass_mark,
        "hasQuiz": bool(module.quizzes),
        "reflectionMax": REFLECTION_MAX,
        "decimalMark": DECIMAL_MARK,
        "blocks": [_block(block, block.id in required) for block in module.blocks],
    }


def _block(block: AnyBlock, required: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": block.id, "type": block.type, "required": required,
                            "read": isinstance(block, READ_TYPES)}
    if isinstance(block, QuizBlock):
        data["questions"] = [{
            "id": question.id, "kind": question.kind, "points": question.points,
            "prompt": str(render_inline_markdown(question.prompt)),
            "options": [{"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                        for o in question.options],
        } for question in block.questions]
    elif isinstance(block, CaseBlock):
        index = {step.id: si for si, step in enumerate(block.steps)}
        data["steps"] = [{"id": step.id, "choices": [
            {"id": c.id, "next": index[c.next] if c.next else -1} for c in step.choices]}
            for step in block.steps]
    elif isinstance(block, EscapeRoomBlock):
        data["puzzles"] = [{"id": p.id, "answers": sorted({normalise_answer(a) for a in p.answer})}
                           for p in block.puzzles]
        data["code"] = normalise_answer("".join(block.code.split()))
    return data
