"""Load and check a course package; every problem is reported with its file and line.

PyYAML's node marks map pydantic's error locations back to lines in the YAML, so
a course designer sees ``modules/rol.yaml:42: missing captions`` instead of a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .markdown import images
from .model import BLOCK_TYPES, RULES_ERROR, Block, Course, CourseManifest, Module, duplicates

MARKDOWN_KEYS = {"body", "intro", "prompt", "situation", "consequence", "explanation", "case",
                 "closing", "transcript", "description"}
LOCALIZED_MARKDOWN_KEYS = {"long_description"}


@cache
def _block_adapter() -> TypeAdapter:
    """Validates one block on its own, for the media checks of a module that failed to
    validate; built on first need (building it costs about as much as a model class)."""
    return TypeAdapter(Block)


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """A package that does not pass the checker; ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:20])
        super().__init__(f"{len(problems)} problem(s) in the content package:\n{lines}")


@dataclass
class _Doc:
    path: Path
    data: Any
    node: Node | None


class _Report:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))


# ---- YAML and line numbers -------------------------------------------------------------------

def _read_yaml(path: Path, report: _Report) -> _Doc | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.add(path, None, f"cannot read file: {exc}")
        return None
    try:
        node, data = _compose_and_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 1, max(len(text.splitlines()), 1)) if mark else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        report.add(path, line, f"YAML syntax error: {reason or exc}")
        return None
    except yaml.YAMLError as exc:
        report.add(path, None, f"YAML syntax error: {exc}")
        return None
    if not isinstance(data, dict):
        report.add(path, 1, "expected a mapping of fields at the top of the file")
        return None
    return _Doc(path, data, node)


MERGE_TAGS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


def _compose_and_load(text: str) -> tuple[Node | None, Any]:
    """The YAML's node tree (for line numbers) and its data: what ``yaml.compose`` and
    ``yaml.safe_load`` give, from one parse (parsing is most of the time a package loads in).

    Building the data rewrites the mappings of merge keys (``<<``) in the tree, so a text
    with merge keys is parsed twice, as before.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if _has_merge_keys(node):
            return node, yaml.safe_load(text)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _has_merge_keys(root: Node) -> bool:
    pending, seen = [root], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.tag in MERGE_TAGS:
                    return True
                pending += (key, value)
        elif isinstance(node, SequenceNode):
            pending += node.value
    return False


def _find(node: Node | None, loc: tuple) -> tuple[Node | None, int | None, bool]:
    """Follow ``loc`` into the YAML node tree: (deepest node, its line, whether loc was found)."""
    if node is None:
        return None, None, False
    line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, MappingNode):
            match = next(((k, v) for k, v in node.value
                          if isinstance(k, ScalarNode) and k.value == str(key)), None)
            if match is None:
                type_value = next((v.value for k, v in node.value
                                   if isinstance(k, ScalarNode) and k.value == "type"
                                   and isinstance(v, ScalarNode)), None)
                if key == type_value:
                    continue  # pydantic names the union member in its error location
                return node, line, False
            node, line = match[1], match[0].start_mark.line + 1
        elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return node, line, False
    return node, line, True


def _line(doc: _Doc, loc: tuple) -> int | None:
    return _find(doc.node, loc)[1]


def _text_line(doc: _Doc, loc: tuple, offset: int) -> int | None:
    """The line of ``offset`` lines into the string at ``loc`` (block scalars start one lower)."""
    node, line, found = _find(doc.node, loc)
    if not found or not isinstance(node, ScalarNode):
        return line
    start = node.start_mark.line + 1
    if node.style in ("|", ">"):
        start += 1
    return start + offset


# ---- pydantic errors as problems --------------------------------------------------------------

def _describe(error: dict) -> str:
    loc = error["loc"]
    kind = error["type"]
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        if field == "captions":
            return "missing captions: a video needs a WebVTT captions file ('captions')"
        if field == "transcript":
            return "missing transcript: audio needs a transcript ('transcript')"
        return f"missing required field '{field}'"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "?")
        return f"unknown block type '{tag}' (known types: {', '.join(BLOCK_TYPES)})"
    if kind == "union_tag_not_found":
        return "block without 'type' (known types: " + ", ".join(BLOCK_TYPES) + ")"
    if kind == "extra_forbidden":
        if field == "autoplay":
            return "'autoplay' is not allowed: media never start by themselves"
        return f"unknown field '{field}'"
    if kind == "string_pattern_mismatch" and field in ("id",):
        return f"id '{error.get('input')}' is not a lowercase slug (a-z, 0-9 and '-')"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    where = ".".join(str(part) for part in loc if not (part in BLOCK_TYPES and part != "case"))
    return f"{where}: {message}" if where else message


def _validate(model: type[BaseModel] | TypeAdapter, doc: _Doc, data: Any, base: tuple,
              report: _Report) -> Any:
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = base + tuple(error["loc"])
            if error["type"] == RULES_ERROR:  # a model's own rules, each at its place in it
                for inner, message in error["ctx"]["problems"]:
                    report.add(doc.path, _line(doc, loc + tuple(inner)), message)
                continue
            if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc += ("type",)
            report.add(doc.path, _line(doc, loc), _describe({**error, "loc": loc}))
        return None


# ---- the checks ---------------------------------------------------------------------------------

def _media_problem(root: Path, value: str) -> str | None:
    if value.startswith(("http://", "https://", "//")):
        return f"media must be a file in the package, not a web address: {value}"
    if not value.startswith("media/"):
        return f"media path must start with 'media/': {value}"
    target = (root / value).resolve()
    media = (root / "media").resolve()
    if media not in target.parents or not target.is_file():
        return f"broken media path: {value} (no such file)"
    return None


def _markdown_fields(data: Any, loc: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in MARKDOWN_KEYS:
                yield loc + (key,), value
            elif isinstance(value, dict) and key in LOCALIZED_MARKDOWN_KEYS:  # {nl: .., en: ..}
                yield from ((loc + (key, language), text) for language, text in value.items()
                            if isinstance(text, str))
            else:
                yield from _markdown_fields(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _markdown_fields(value, loc + (index,))


def _check_markdown(root: Path, doc: _Doc, raw: dict, base: tuple, report: _Report) -> None:
    for loc, text in _markdown_fields(raw, base):
        for offset, src, alt in images(text):
            line = _text_line(doc, loc, offset)
            if not alt:
                report.add(doc.path, line, f"image without alt text: {src}")
            if src and not src.startswith(("http://", "https://")):
                problem = _media_problem(root, src)
                if problem:
                    report.add(doc.path, line, problem)


def _duplicates(items: list, key: str = "id") -> list[tuple[int, str]]:
    """Repeated ids in raw YAML items (items without a string id are skipped)."""
    ids = [item.get(key) if isinstance(item, dict) else None for item in items]
    return [(index, value) for index, value in duplicates(ids) if isinstance(value, str)]


def _check_media(root: Path, doc: _Doc, block: Any, base: tuple, report: _Report) -> None:
    """Every media file the block plays or shows must be a file in the package, and fit it
    (a figure's SVG must be safe to show)."""
    broken = False
    for field, value in block.media_references():
        if problem := _media_problem(root, value):
            broken = True
            if field == "transcript":
                problem = problem.replace("broken media path", "broken transcript path")
            report.add(doc.path, _line(doc, base + (field,)), problem)
    if not broken:
        for field, problem in block.file_problems(root):
            report.add(doc.path, _line(doc, base + (field,)), problem)


def _check_picture_or_sound(module: Module, doc: _Doc, report: _Report) -> None:
    """A module needs at least one block that shows a picture or plays a sound."""
    from ..blocks import KINDS  # late: the kinds build on the content model

    if not any(KINDS.of(block).carries_picture_or_sound for block in module.blocks):
        kinds = ", ".join(kind.type for kind in KINDS if kind.carries_picture_or_sound)
        report.add(doc.path, _line(doc, ("blocks",)),
                   f"module '{module.id}' has no picture or sound: add at least one block "
                   f"that shows or plays one ({kinds}), with its text alternative")


def _check_module(root: Path, doc: _Doc, report: _Report, seen: dict[str, tuple[Path, int | None]],
                  *, picture_or_sound: bool = True) -> Module | None:
    data = doc.data
    module = _validate(Module, doc, data, (), report)
    module_id = data.get("id")
    if isinstance(module_id, str):
        _claim(module_id, "module", doc, ("id",), report, seen)
    raw_blocks = data.get("blocks") if isinstance(data.get("blocks"), list) else []
    block_ids = set()
    for index, raw in enumerate(raw_blocks):
        if not isinstance(raw, dict):
            continue
        base = ("blocks", index)
        if isinstance(raw.get("id"), str):
            block_ids.add(raw["id"])
            _claim(raw["id"], "block", doc, base + ("id",), report, seen)
        _check_markdown(root, doc, raw, base, report)
        if module is not None:
            block = module.blocks[index]
        else:
            block = _validate(_block_adapter(), doc, raw, base, _Report(root))
        if block is not None:
            _check_media(root, doc, block, base, report)
    completion = data.get("completion")
    if isinstance(completion, dict) and isinstance(completion.get("required"), list):
        for index, block_id in enumerate(completion["required"]):
            if isinstance(block_id, str) and block_id not in block_ids:
                report.add(doc.path, _line(doc, ("completion", "required", index)),
                           f"required block '{block_id}' is not in this module")
    if module is not None and picture_or_sound:
        _check_picture_or_sound(module, doc, report)
    return module


def _check_minutes(module: Module, doc: _Doc, report: _Report) -> None:
    """A stated ``estimated_minutes`` must match the time computed from the content."""
    stated, computed = module.estimated_minutes, module.minutes
    if stated is not None and stated != computed:
        report.add(doc.path, _line(doc, ("estimated_minutes",)),
                   f"estimated_minutes is {stated}, but the content takes about {computed} "
                   f"minutes (see lti_tool/blocks/timing.py): remove the line or write {computed}")


def _check_practised_modules(module: Module, doc: _Doc, known: set[str], report: _Report) -> None:
    """An escape room puzzle's ``module`` (for the debrief) must be a module of the course."""
    for b_index, block in enumerate(module.blocks):
        for p_index, puzzle in enumerate(getattr(block, "puzzles", None) or []):
            if puzzle.module is not None and puzzle.module not in known:
                report.add(doc.path, _line(doc, ("blocks", b_index, "puzzles", p_index, "module")),
                           f"puzzle '{puzzle.id}' practises module '{puzzle.module}', "
                           "which is not in the course")


def _claim(item_id: str, kind: str, doc: _Doc, loc: tuple, report: _Report,
           seen: dict[str, tuple[Path, int | None]]) -> None:
    line = _line(doc, loc)
    if item_id in seen:
        first_path, first_line = seen[item_id]
        where = first_path.relative_to(report.root) if first_path.is_relative_to(report.root) \
            else first_path
        report.add(doc.path, line, f"duplicate id '{item_id}' ({kind}); first used at "
                                   f"{where}:{first_line}")
    else:
        seen[item_id] = (doc.path, line)


def named_file(root: Path, manifest: _Doc, report: _Report, key: str, what: str) -> Path | None:
    """The file ``course.yaml`` names under ``key`` (inside the package), or ``None``: not
    named, or a problem reported."""
    entry = manifest.data.get(key)
    if entry is None:
        return None
    line = _line(manifest, (key,))
    if not isinstance(entry, str) or not entry.strip():
        report.add(manifest.path, line, f"'{key}' must be the path of the {what}")
        return None
    path = (root / entry).resolve()
    if root.resolve() not in path.parents or not path.is_file():
        report.add(manifest.path, line, f"{what} not found: {entry}")
        return None
    return path


def _analyse(path: str | Path) -> tuple[Course | None, list[Problem]]:
    root = Path(path)
    report = _Report(root)
    manifest_path = root / "course.yaml"
    if not manifest_path.is_file():
        report.add(manifest_path, None, "course.yaml not found: is this a course package?")
        return None, report.problems
    doc = _read_yaml(manifest_path, report)
    if doc is None:
        return None, report.problems
    manifest = _validate(CourseManifest, doc, doc.data, (), report)
    entries = doc.data.get("modules") if isinstance(doc.data.get("modules"), list) else []
    seen: dict[str, tuple[Path, int | None]] = {}
    picture_or_sound = doc.data.get("require_picture_or_sound") is not False
    modules: list[Module] = []
    module_docs: list[_Doc] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        line = _line(doc, ("modules", index))
        module_path = (root / entry).resolve()
        if root.resolve() not in module_path.parents or not module_path.is_file():
            report.add(manifest_path, line, f"module file not found: {entry}")
            continue
        module_doc = _read_yaml(root / entry, report)
        if module_doc is None:
            continue
        module = _check_module(root, module_doc, report, seen, picture_or_sound=picture_or_sound)
        if module is not None:
            modules.append(module)
            module_docs.append(module_doc)
    from .samenleer_check import check_samenleer  # late: samenleer_check builds on this module
    check_samenleer(root, doc, report)
    from .intervisie_check import check_intervisie  # the intervisie methods ('intervisie:')
    check_intervisie(root, doc, report)
    from .zelfscan_loader import check_zelfscans  # zelfscan frameworks (course.yaml 'zelfscans:')
    check_zelfscans(root, doc, modules, report)
    if report.problems or manifest is None:
        return None, report.problems
    for module, module_doc in zip(modules, module_docs, strict=True):
        for block in module.blocks:
            block.attach_files(root)
        _check_minutes(module, module_doc, report)
        _check_practised_modules(module, module_doc, {m.id for m in modules}, report)
    if report.problems:
        return None, report.problems
    course = Course(id=manifest.id, title=manifest.title, description=manifest.description,
                    language=manifest.language, navigation=manifest.navigation,
                    modules=modules, root=root.resolve())
    return course, []


def check_package(path: str | Path) -> list[Problem]:
    """Every problem in the package at ``path`` (an empty list means it is fine)."""
    return _analyse(path)[1]


def load_package(path: str | Path) -> Course:
    """The typed course; raises ``ContentError`` listing every problem when the package is bad."""
    course, problems = _analyse(path)
    if course is None:
        raise ContentError(problems)
    return course


def main_check(path: str) -> int:
    """``lti-tool content check PATH``: print the problems or a summary; exit status 0 or 1."""
    course, problems = _analyse(path)
    if problems or course is None:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"OK: {len(course.modules)} modules, {course.block_count} blocks")
    return 0
