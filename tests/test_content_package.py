"""The content model, loader and checker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lti_tool.content import (
    ContentError,
    QuizBlock,
    check_package,
    get_course,
    load_package,
    main_check,
)
from lti_tool.content.cache import clear_cache
from lti_tool.content.loader import Problem
from lti_tool.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
BROKEN = FIXTURES / "broken"


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_shipped_package_loads():
    course = load_package(SHIPPED)
    assert course.language == "nl"
    module = course.module("rol-van-de-werkbegeleider")
    assert module is not None and 20 <= module.minutes <= 30
    types = [b.type for b in module.blocks]
    assert 3 <= types.count("text") <= 6  # short texts: a long one is split into steps
    assert types.count("quiz") == 1 and "reflection" in types and "case" in types
    quiz = next(b for b in module.blocks if isinstance(b, QuizBlock))
    assert 3 <= len(quiz.questions) <= 4
    assert all(o.feedback for q in quiz.questions for o in q.options)
    assert check_package(SHIPPED) == []


def test_navigation_helpers():
    module = load_package(SHIPPED).module("rol-van-de-werkbegeleider")
    first, second = module.blocks[0], module.blocks[1]
    assert module.block(first.id) is first
    assert module.block("bestaat-niet") is None
    assert module.next_block(first.id) is second
    assert module.previous_block(second.id) is first
    assert module.previous_block(first.id) is None
    assert module.next_block(module.blocks[-1].id) is None


def test_main_check_ok(capsys):
    assert main_check(str(SHIPPED)) == 0
    assert capsys.readouterr().out.startswith("OK: 13 modules, ")


def test_problem_str():
    assert str(Problem(Path("a/b.yaml"), 12, "kapot")) == "a/b.yaml:12: kapot"
    assert str(Problem(Path("a/b.yaml"), None, "kapot")) == "a/b.yaml: kapot"


A = BROKEN / "modules" / "a.yaml"
B = BROKEN / "modules" / "b.yaml"
EXPECTED = [
    (A, line_of(A, "id: tekst-zonder-body"), "missing required field 'body'"),
    (A, line_of(A, "type: slideshow"), "unknown block type 'slideshow'"),
    (A, line_of(A, "id: video-zonder-captions"), "missing captions"),
    (A, line_of(A, "id: audio-zonder-transcript"), "missing transcript"),
    (A, line_of(A, "src: media/weg.mp4"), "broken media path: media/weg.mp4"),
    (A, line_of(A, "![](media/ok.mp4)"), "image without alt text"),
    (A, line_of(A, "id: geen-goed"), "has no correct answer"),
    (A, line_of(A, "id: twee-goed"), "single-choice question 'twee-goed' has 2 correct"),
    (B, line_of(B, "id: tekst-zonder-body"), "duplicate id 'tekst-zonder-body'"),
    (B, line_of(B, "next: nergens"), "step 'nergens', which does not exist"),
    (B, line_of(B, "id: eiland"), "step 'eiland' cannot be reached"),
    (B, line_of(B, "puzzles:"), "needs 3 to 5 puzzles, this one has 2"),
    (BROKEN / "course.yaml", line_of(BROKEN / "course.yaml", "bestaat-niet"),
     "module file not found"),
    (BROKEN / "modules" / "syntax.yaml", 7, "YAML syntax error"),
]


@pytest.mark.parametrize(("path", "line", "message"), EXPECTED,
                         ids=[e[2][:30] for e in EXPECTED])
def test_checker_reports_each_problem_with_file_and_line(path, line, message):
    problems = check_package(BROKEN)
    matching = [p for p in problems if message in p.message]
    assert matching, f"no problem with {message!r} in {[str(p) for p in problems]}"
    assert (matching[0].file.resolve(), matching[0].line) == (path.resolve(), line)


def test_checker_reports_every_problem_and_exits_1(capsys):
    assert len(check_package(BROKEN)) == len(EXPECTED)
    assert main_check(str(BROKEN)) == 1
    out = capsys.readouterr().out
    assert f"a.yaml:{line_of(A, 'type: slideshow')}: unknown block type" in out


def test_load_package_raises_with_all_problems():
    with pytest.raises(ContentError) as info:
        load_package(BROKEN)
    assert len(info.value.problems) == len(EXPECTED)


def _copy(tmp_path: Path, source: Path = SHIPPED) -> Path:
    target = tmp_path / "werkbegeleiding"
    shutil.copytree(source, target)
    return target


def test_duplicate_module_id_and_bad_slug(tmp_path):
    root = _copy(tmp_path)
    module_file = root / "modules" / "rol-van-de-werkbegeleider.yaml"
    (root / "modules" / "kopie.yaml").write_text(module_file.read_text().replace(
        "id: rol-wat-doe-je", "id: Rol_Wat"))
    course = root / "course.yaml"
    course.write_text(course.read_text() + "  - modules/kopie.yaml\n")
    problems = check_package(root)
    copy = root / "modules" / "kopie.yaml"
    assert any(p.file == copy and p.line == 1 and "duplicate id 'rol-van-de-werkbegeleider'"
               in p.message and "(module)" in p.message for p in problems)
    assert any(p.file == copy and p.line == line_of(copy, "id: Rol_Wat")
               and "not a lowercase slug" in p.message for p in problems)


def test_missing_course_yaml_and_autoplay(tmp_path):
    assert "course.yaml not found" in check_package(tmp_path)[0].message
    root = _copy(tmp_path / "x", FIXTURES / "player" / "werkbegeleiding")
    path = root / "modules" / "twee.yaml"
    path.write_text(path.read_text().replace("    captions: media/clip.vtt\n",
                                             "    captions: media/clip.vtt\n    autoplay: true\n"))
    problems = check_package(root)
    assert [(p.line, "autoplay" in p.message) for p in problems] == [
        (line_of(path, "autoplay"), True)]


def test_get_course_caches_and_reloads(tmp_path, settings, monkeypatch):
    clear_cache()
    clock = [1000.0]
    monkeypatch.setattr("lti_tool.content.cache.time.monotonic", lambda: clock[0])
    root = _copy(tmp_path / "content", FIXTURES / "player" / "werkbegeleiding")
    local = settings.with_overrides(content_dir=root.parent)
    first = get_course(local)
    assert get_course(local) is first
    manifest = root / "course.yaml"
    manifest.write_text(manifest.read_text().replace("title: Testcursus", "title: Nieuw!!"))
    assert get_course(local) is first  # the folder is looked at again only after a moment
    clock[0] += 2.5
    assert get_course(local).title == "Nieuw!!"


# ---- each block type's rules live on its model ---------------------------------------------------

def _options(*correct: bool) -> list[dict]:
    return [{"text": f"Optie {i}", "correct": c, "feedback": "Uitleg."} for i, c in enumerate(correct)]


@pytest.mark.parametrize(("block", "message", "where"), [
    ({"type": "quiz", "id": "q",
      "questions": [{"id": "v", "prompt": "?", "options": _options(False, False)}]},
     "question 'v' has no correct answer", ("questions", 0)),
    ({"type": "quiz", "id": "q", "questions": [{"id": "v", "prompt": "?", "options": _options(True, False)},
                                               {"id": "v", "prompt": "?", "options": _options(True, False)}]},
     "duplicate question id 'v' in this quiz", ("questions", 1, "id")),
    ({"type": "case", "id": "c", "steps": [{"id": "s", "situation": "x", "choices": [
        {"id": "k", "text": "K", "consequence": "c", "explanation": "e", "next": "s"}]}]},
     "the case never ends", ("steps",)),
    ({"type": "escape_room", "id": "e", "puzzles": [
        {"id": "p", "case": "c", "question": "?", "answer": "a", "code": "A"}]},
     "needs 3 to 5 puzzles, this one has 1", ("puzzles",)),
])
def test_block_rules_are_validators_on_the_model(block, message, where):
    """The model itself refuses a block that breaks its type's rules, naming the place."""
    from pydantic import TypeAdapter, ValidationError

    from lti_tool.content.model import RULES_ERROR, Block

    with pytest.raises(ValidationError) as info:
        TypeAdapter(Block).validate_python(block)
    (error,) = info.value.errors()
    assert error["type"] == RULES_ERROR
    assert any(message in text and inner == where for inner, text in error["ctx"]["problems"])
