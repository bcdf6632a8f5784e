"""Block types as units: every kind has its model, template and SCORM runtime file; a new
kind plugs in without touching the player's or the exporter's code; answers are read from
a plain mapping; an unknown type fails loudly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal, get_args

import jinja2
import pytest
import requests

from devlms.module_walker import complete_module
from lti_tool.blocks import (
    KINDS,
    Answered,
    BlockKind,
    Chose,
    Entry,
    Outcome,
    Registry,
    UnknownBlockTypeError,
)
from lti_tool.blocks.notices import NOTICES
from lti_tool.blocks.reflection import REFLECTION_MAX
from lti_tool.blocks.render import TEMPLATE_DIR, StaticUrls, render_block, standalone_environment
from lti_tool.blocks.scoring import module_score, scored_blocks
from lti_tool.content import load_package
from lti_tool.content.model import BLOCK_TYPES, AnyBlock, Module, _BlockBase
from lti_tool.settings import PROJECT_ROOT
from lti_tool.xapi.vocabulary import ActivityType
from scorm_export import ExportError
from scorm_export.package import BLOCKS_RUNTIME_DIR, blocks_runtime
from scorm_export.page_data import block_data
from scorm_export.views import block_views

# The interaction types xAPI 1.0.3 names (Data 2.4.4.1.1), which are SCORM's cmi.interactions types.
XAPI_INTERACTION_TYPES = ("true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                          "sequencing", "likert", "numeric", "other")
COURSE = load_package(PROJECT_ROOT / "content_packages" / "werkbegeleiding")


def block_of(block_type: str) -> Any:
    return next(b for m in COURSE.modules for b in m.blocks if b.type == block_type)


def rows(*responses: dict) -> list[SimpleNamespace]:
    return [SimpleNamespace(response=r) for r in responses]


def missing_parts(kinds: Registry, models: tuple, templates: tuple[Path, ...],
                  runtime: Path) -> list[str]:
    """What a block type lacks: its model in the content union, its template (in one of the
    template folders), its runtime file."""
    typed = {model.model_fields["type"].annotation.__args__[0]: model for model in models}
    missing = []
    for kind in kinds:
        if typed.get(kind.type) is not kind.model:
            missing.append(f"{kind.type}: model")
        if not any((folder / "blocks" / f"{kind.type}.html").is_file() for folder in templates):
            missing.append(f"{kind.type}: template")
        if not (runtime / f"{kind.type}.js").is_file():
            missing.append(f"{kind.type}: runtime")
    return missing


# ---- every kind is whole ---------------------------------------------------------------------------

def test_every_kind_has_its_model_template_and_runtime_file():
    assert KINDS.types == BLOCK_TYPES
    assert missing_parts(KINDS, get_args(AnyBlock), (TEMPLATE_DIR,), BLOCKS_RUNTIME_DIR) == []
    # ... and nothing is left over from a type that no longer exists
    # Partials shared by block templates start with "_" (blocks/_choices.html).
    assert {p.stem for p in (TEMPLATE_DIR / "blocks").glob("*.html")
            if not p.stem.startswith("_")} == set(BLOCK_TYPES)
    assert {p.stem for p in BLOCKS_RUNTIME_DIR.glob("*.js")} == set(BLOCK_TYPES)


def test_every_kind_names_an_xapi_activity_type_and_a_label():
    for kind in KINDS:
        assert getattr(ActivityType, kind.xapi_activity_type).startswith("http"), kind.type
        assert kind.label and kind.xapi_interaction in XAPI_INTERACTION_TYPES


def test_an_unknown_type_fails_loudly():
    with pytest.raises(UnknownBlockTypeError, match="slideshow"):
        KINDS.get("slideshow")


def test_the_walker_of_the_development_lms_refuses_an_unknown_type():
    """It used to skip a block it did not know, leaving the module silently unfinished."""
    module = Module.model_construct(id="m", title="M", blocks=[
        SimpleNamespace(id="dia", type="slideshow")])
    with pytest.raises(UnknownBlockTypeError):
        complete_module(requests.Session(), "http://127.0.0.1:9", "token", module)


# ---- answers come from a plain mapping, not a request ---------------------------------------------

def test_quiz_answers_score_and_refuse_a_stale_attempt():
    quiz = block_of("quiz")
    kind = KINDS.of(quiz)
    right = {f"q-{q.id}": [o.id for o in q.options if o.correct] for q in quiz.questions}
    outcome = kind.answer(quiz, {"attempt": ["0"], **right}, [], pass_mark=70)
    assert outcome.entry.score == quiz.max_points and outcome.entry.completes
    assert outcome.event == Answered(True, 1.0, [o for ids in right.values() for o in ids])
    stale = kind.answer(quiz, {"attempt": ["0"], **right}, rows({}), pass_mark=70)
    assert stale == Outcome(notice="al-verstuurd")
    assert kind.answer(quiz, {"attempt": ["0"]}, [], pass_mark=70) == Outcome(notice="leeg", retry=True)


def test_reflection_is_saved_or_refused_with_a_notice():
    reflection = block_of("reflection")
    kind = KINDS.of(reflection)
    saved = kind.answer(reflection, {"text": ["Mijn les\r\nvan vandaag "]}, [], pass_mark=70)
    assert saved.entry == Entry({"text": "Mijn les\nvan vandaag"}, completes=True)
    assert NOTICES[saved.notice][1] == "Je antwoord is bewaard."
    too_long = kind.answer(reflection, {"text": ["x" * (REFLECTION_MAX + 1)]}, [], pass_mark=70)
    assert too_long == Outcome(notice="te-lang")


def test_case_and_escape_room_answers_follow_the_learners_run():
    case = block_of("case")
    kind = KINDS.of(case)
    first, choice = case.steps[0], case.steps[0].choices[0]
    outcome = kind.answer(case, {"step": [first.id], "choice": [choice.id]}, [], pass_mark=70)
    assert outcome.event == Chose(first.id, choice.id)
    assert kind.answer(case, {"step": ["elders"], "choice": [choice.id]}, [], pass_mark=70) == Outcome()
    assert kind.answer(case, {"restart": ["1"]}, [], pass_mark=70).entry.completes is False

    room = block_of("escape_room")
    kind = KINDS.of(room)
    puzzle = room.puzzles[0]
    solved = kind.answer(room, {"puzzle": [puzzle.id], "answer": [puzzle.answer[0]]}, [], pass_mark=70)
    assert solved.notice == "opgelost" and solved.event.question_id == puzzle.id
    code = kind.answer(room, {"code": [room.code]}, rows(*({"puzzle": p.id, "correct": True}
                                                          for p in room.puzzles)), pass_mark=70)
    assert code.entry == Entry({"code": room.code, "correct": True}, completes=True, once_key="door")


# ---- a new kind is its model, its module, its template and its runtime file -----------------------

class StubBlock(_BlockBase):
    """A made-up scored block type, as a course team would add one (test only)."""

    type: Literal["stub"]
    points: int


class StubKind(BlockKind[StubBlock]):
    type = "stub"
    model = StubBlock
    label = "Stub"
    xapi_activity_type = "ASSESSMENT"

    def answer(self, block, form, answers, *, pass_mark):
        return Outcome(Entry({"given": list(form.get("given", ()))}, completes=True,
                             score=float(block.points), max_score=block.points))

    def max_points(self, block):
        return block.points

    def page_data(self, block):
        return {"points": block.points}


@pytest.fixture
def stub_type(tmp_path):
    """The stub kind's template and runtime file in their own folders, and a registry with it."""
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "stub.html").write_text(
        '<div class="block-body">Stub {{ block.id }} voor {{ block.points }} punten</div>')
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for kind in KINDS:
        (runtime / f"{kind.type}.js").write_bytes((BLOCKS_RUNTIME_DIR / f"{kind.type}.js").read_bytes())
    (runtime / "stub.js").write_text("(function (kinds) { kinds.stub = function () { return {}; }; })"
                                     "(window.ScoBlocks = window.ScoBlocks || {});\n")
    return SimpleNamespace(templates=(tmp_path, TEMPLATE_DIR), runtime=runtime,
                           kinds=Registry([*KINDS, StubKind()]))


def test_a_new_scored_kind_plugs_in_without_touching_player_or_exporter(stub_type):
    stub = StubBlock(id="proef", type="stub", points=5)
    quiz = block_of("quiz")
    module = Module.model_construct(id="m", title="M", blocks=[quiz, stub])
    kinds = stub_type.kinds
    assert missing_parts(kinds, (*get_args(AnyBlock), StubBlock), stub_type.templates,
                         stub_type.runtime) == []
    # The module's score counts the new type's points with the quiz's.
    assert scored_blocks(module, kinds) == [quiz, stub]
    counted = {quiz.id: SimpleNamespace(score=0.0), stub.id: SimpleNamespace(score=5.0)}
    assert module_score(module, counted, kinds) == round(100 * 5 / (quiz.max_points + 5), 1)
    # The exporter renders it, gives the runtime its data, and bundles its runtime file.
    env = standalone_environment()
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(stub_type.templates[0])),
                                      env.loader])
    (start,) = block_views(stub, 70, env, kinds)
    assert start.key == "start" and "Stub proef voor 5 punten" in start.html
    assert block_data(stub, True, kinds) == {"id": "proef", "type": "stub", "required": True,
                                             "read": False, "points": 5}
    assert b"kinds.stub" in blocks_runtime(kinds, stub_type.runtime)
    assert str(render_block(stub, kinds.of(stub).state(stub, [], done=False, pass_mark=70),
                            StaticUrls(), env)).startswith('<div class="block-body">')


def test_a_kind_without_its_runtime_file_cannot_be_exported(stub_type):
    (stub_type.runtime / "stub.js").unlink()
    assert missing_parts(stub_type.kinds, (*get_args(AnyBlock), StubBlock), stub_type.templates,
                         stub_type.runtime) == ["stub: runtime"]
    with pytest.raises(ExportError, match="'stub' has no SCORM runtime file"):
        blocks_runtime(stub_type.kinds, stub_type.runtime)
