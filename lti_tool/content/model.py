"""The typed content model of a course package.

A package is a folder with ``course.yaml``, one YAML file per module under
``modules/`` and media under ``media/``. Every module and block has a stable
slug ``id``: it names xAPI activities and SCORM items, so it never changes once
published. Block types form a discriminated union on ``type``.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .figure_file import IMAGE_SUFFIXES, image_problems, image_size
from .media_length import captions_seconds, probe_seconds

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]
Markdown = Annotated[str, Field(min_length=1)]


Loc = tuple[str | int, ...]
RULES_ERROR = "content_rules"
PUZZLES_MIN, PUZZLES_MAX = 3, 5


def raise_problems(problems: list[tuple[Loc, str]]) -> None:
    """Raise a model's broken rules as one validation error.

    pydantic places a validator's error at the model; the error carries each problem with
    its place inside the model, so ``content.loader`` reports each at its own line.
    """
    if problems:
        raise PydanticCustomError(RULES_ERROR, "{summary}", {
            "summary": "; ".join(message for _loc, message in problems), "problems": problems})


def duplicates(ids: list[Any]) -> list[tuple[int, Any]]:
    """(position, id) of every repeat of an id that came before."""
    seen: set[Any] = set()
    repeats = []
    for index, value in enumerate(ids):
        if value in seen:
            repeats.append((index, value))
        seen.add(value)
    return repeats


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _BlockBase(_Strict):
    id: Slug
    title: str | None = None

    @property
    def heading(self) -> str | None:
        return self.title

    def media_references(self) -> list[tuple[str, str]]:
        """(field, path) of every file in the package's ``media/`` this block plays or shows."""
        return []

    def attach_files(self, root: Path) -> None:
        """Read what the block keeps in separate files of the checked package at ``root``."""

    def file_problems(self, root: Path) -> list[tuple[str, str]]:
        """(field, problem) of its files' contents, once every media path is known to exist."""
        return []


class TextBlock(_BlockBase):
    type: Literal["text"]
    body: Markdown


class VideoBlock(_BlockBase):
    """A video: WebVTT captions are required and it never plays by itself."""

    type: Literal["video"]
    src: str
    captions: str
    poster: str | None = None
    description: str | None = None
    transcript: str | None = None

    @field_validator("src")
    @classmethod
    def _video_format(cls, value: str) -> str:
        if not value.lower().endswith((".mp4", ".webm")):
            raise ValueError("video src must be an .mp4 or .webm file")
        return value

    @field_validator("captions")
    @classmethod
    def _vtt(cls, value: str) -> str:
        if not value.lower().endswith(".vtt"):
            raise ValueError("captions must be a WebVTT (.vtt) file")
        return value

    _seconds: float | None = PrivateAttr(default=None)

    @property
    def media_type(self) -> str:
        return "video/webm" if self.src.lower().endswith(".webm") else "video/mp4"

    @property
    def seconds(self) -> float | None:
        """How long it plays (from the file, else its captions); known once the files are read."""
        return self._seconds

    def media_references(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in (("src", self.src), ("captions", self.captions),
                                                  ("poster", self.poster)) if value]

    def attach_files(self, root: Path) -> None:
        self._seconds = probe_seconds(root / self.src) or captions_seconds(root / self.captions)


ALT_MAX = 250
TRANSCRIPT_FILE = re.compile(r"^[^\n]+\.(txt|md)$", re.IGNORECASE)


class AudioBlock(_BlockBase):
    """Audio with a required transcript: Markdown inline, or a .txt/.md file in the package."""

    type: Literal["audio"]
    src: str
    transcript: Markdown
    description: str | None = None
    _transcript_text: str | None = PrivateAttr(default=None)
    _seconds: float | None = PrivateAttr(default=None)

    @property
    def seconds(self) -> float | None:
        """How long it plays, read from the file; ``None`` when it cannot be read."""
        return self._seconds

    @property
    def transcript_file(self) -> str | None:
        value = self.transcript.strip()
        return value if TRANSCRIPT_FILE.match(value) else None

    @property
    def transcript_markdown(self) -> str:
        if self.transcript_file:
            return self._transcript_text or ""
        return self.transcript

    @property
    def media_type(self) -> str:
        lower = self.src.lower()
        for suffix, kind in ((".mp3", "audio/mpeg"), (".ogg", "audio/ogg"), (".oga", "audio/ogg"),
                             (".m4a", "audio/mp4"), (".wav", "audio/wav"), (".webm", "audio/webm")):
            if lower.endswith(suffix):
                return kind
        return "audio/mpeg"

    def media_references(self) -> list[tuple[str, str]]:
        return [("src", self.src)] + ([("transcript", self.transcript_file)]
                                      if self.transcript_file else [])

    def attach_files(self, root: Path) -> None:
        if self.transcript_file:
            self._transcript_text = (root / self.transcript_file).read_text(encoding="utf-8")
        self._seconds = probe_seconds(root / self.src)


class Localized(_Strict):
    """A text in Dutch and English: the player shows the one of the UI's language."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.nl


class FigureBlock(_BlockBase):
    """A picture or a diagram (SVG or PNG in ``media/``) with alt text in Dutch and English.

    A diagram carries its message in shapes and arrows: it needs a long description, a
    text equivalent shown in a ``<details>`` below it. The SVG is checked to be safe.
    """

    type: Literal["figure"]
    src: str
    alt: Localized
    caption: Localized | None = None
    diagram: bool = False
    long_description: Localized | None = None
    _size: tuple[int, int] | None = PrivateAttr(default=None)

    @field_validator("src")
    @classmethod
    def _image_format(cls, value: str) -> str:
        if not value.lower().endswith(IMAGE_SUFFIXES):
            raise ValueError("figure src must be an .svg or .png file")
        return value

    @field_validator("alt")
    @classmethod
    def _short_alt(cls, value: Localized) -> Localized:
        if max(len(value.nl), len(value.en)) > ALT_MAX:
            raise ValueError(f"alt text is longer than {ALT_MAX} characters: say the rest in "
                             f"long_description")
        return value

    @model_validator(mode="after")
    def _rules(self) -> FigureBlock:
        if self.diagram and self.long_description is None:
            raise_problems([(("long_description",), "a diagram needs a long_description (nl "
                                                    "and en): its message in words")])
        return self

    @property
    def width(self) -> int | None:
        return self._size[0] if self._size else None

    @property
    def height(self) -> int | None:
        return self._size[1] if self._size else None

    def media_references(self) -> list[tuple[str, str]]:
        return [("src", self.src)]

    def file_problems(self, root: Path) -> list[tuple[str, str]]:
        return [("src", f"{self.src}: {problem}") for problem in image_problems(root / self.src)]

    def attach_files(self, root: Path) -> None:
        self._size = image_size(root / self.src)


class QuizOption(_Strict):
    id: Slug
    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str = Field(min_length=1)


class QuizQuestion(_Strict):
    id: Slug
    kind: Literal["single", "multiple"] = "single"
    prompt: Markdown
    points: int = Field(default=1, ge=1, le=100)
    options: list[QuizOption] = Field(min_length=2)

    @field_validator("options", mode="before")
    @classmethod
    def _option_ids(cls, value: object) -> object:
        # Options without an id get a, b, c, ... by position (stable while the order is).
        if not isinstance(value, list):
            return value
        filled = []
        for index, option in enumerate(value):
            if isinstance(option, dict) and not option.get("id"):
                option = {**option, "id": chr(ord("a") + index) if index < 26 else f"o{index + 1}"}
            filled.append(option)
        return filled

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> QuizOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class QuizBlock(_BlockBase):
    type: Literal["quiz"]
    intro: str | None = None
    questions: list[QuizQuestion] = Field(min_length=1)

    @property
    def max_points(self) -> int:
        return sum(q.points for q in self.questions)

    @model_validator(mode="after")
    def _rules(self) -> QuizBlock:
        problems: list[tuple[Loc, str]] = [
            (("questions", index, "id"), f"duplicate question id '{question_id}' in this quiz")
            for index, question_id in duplicates([q.id for q in self.questions])]
        for qi, question in enumerate(self.questions):
            correct = len(question.correct_ids)
            if not correct:
                problems.append((("questions", qi), f"question '{question.id}' has no correct answer"))
            elif question.kind == "single" and correct > 1:
                problems.append((("questions", qi), f"single-choice question '{question.id}' has "
                                                    f"{correct} correct answers (use kind: multiple)"))
            problems += [(("questions", qi, "options", oi), f"duplicate option id '{option_id}'")
                         for oi, option_id in duplicates([o.id for o in question.options])]
        raise_problems(problems)
        return self


class ReflectionBlock(_BlockBase):
    """A free-text answer that only the learner sees; they can change it later."""

    type: Literal["reflection"]
    prompt: Markdown
    hint: str | None = None


class CaseChoice(_Strict):
    id: Slug
    text: str = Field(min_length=1)
    consequence: Markdown
    explanation: Markdown
    next: str | None = None

    @field_validator("next")
    @classmethod
    def _end(cls, value: str | None) -> str | None:
        return None if value in (None, "", "end", "einde") else value


class CaseStep(_Strict):
    id: Slug
    situation: Markdown
    choices: list[CaseChoice] = Field(min_length=1)

    def choice(self, choice_id: str) -> CaseChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class CaseBlock(_BlockBase):
    """Casuïstiek: a branching scenario. It starts at the first step."""

    type: Literal["case"]
    intro: str | None = None
    steps: list[CaseStep] = Field(min_length=1)
    closing: str | None = None

    def step(self, step_id: str | None) -> CaseStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @model_validator(mode="after")
    def _rules(self) -> CaseBlock:
        step_ids = {s.id for s in self.steps}
        problems: list[tuple[Loc, str]] = [
            (("steps", index, "id"), f"duplicate step id '{step_id}'")
            for index, step_id in duplicates([s.id for s in self.steps])]
        for si, step in enumerate(self.steps):
            problems += [(("steps", si, "choices", ci, "id"), f"duplicate choice id '{choice_id}'")
                         for ci, choice_id in duplicates([c.id for c in step.choices])]
            problems += [(("steps", si, "choices", ci, "next"),
                          f"choice '{choice.id}' goes to step '{choice.next}', which does not exist")
                         for ci, choice in enumerate(step.choices)
                         if choice.next is not None and choice.next not in step_ids]
        reachable = self._reachable()
        problems += [(("steps", si), f"step '{step.id}' cannot be reached from the first step")
                     for si, step in enumerate(self.steps) if step.id not in reachable]
        if not any(c.next is None for s in self.steps if s.id in reachable for c in s.choices):
            problems.append((("steps",), "the case never ends: no choice has 'next: end'"))
        raise_problems(problems)
        return self

    def _reachable(self) -> set[str]:
        reachable: set[str] = set()
        pending = [self.steps[0].id]
        while pending:
            current = pending.pop()
            step = self.step(current)
            if current in reachable or step is None:
                continue
            reachable.add(current)
            pending.extend(c.next for c in step.choices if c.next is not None)
        return reachable


# The things in the escape room's drawing that can hold a puzzle, in their default order.
RoomObject = Literal["kast", "laptop", "prikbord", "la", "plant"]
ROOM_OBJECTS: tuple[str, ...] = get_args(RoomObject)


class Puzzle(_Strict):
    id: Slug
    title: str | None = None
    case: Markdown
    question: str = Field(min_length=1)
    answer: list[str] = Field(min_length=1)
    hints: list[str] = Field(default_factory=list)
    code: str = Field(min_length=1, max_length=20)
    # Where the puzzle sits in the drawn room (one of ``ROOM_OBJECTS``; unset: the next free one)
    object: RoomObject | None = None
    # The module whose subject the puzzle practises (the debrief links to it)
    module: Slug | None = None

    @field_validator("answer", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, (str, int, float)):
            value = [value]
        if isinstance(value, list):
            return [str(v) if isinstance(v, (int, float)) else v for v in value]
        return value

    def accepts(self, given: str) -> bool:
        wanted = {normalise_answer(a) for a in self.answer}
        return normalise_answer(given) in wanted


def normalise_answer(value: str) -> str:
    return " ".join(str(value).casefold().split())


class EscapeRoomBlock(_BlockBase):
    """Three to five puzzles on practice cases; each solved puzzle reveals part of the code."""

    type: Literal["escape_room"]
    intro: str | None = None   # the story's start, shown before the learner enters the room
    puzzles: list[Puzzle]
    closing: str | None = None  # the story's end, shown when the door is open
    countdown_minutes: int = Field(default=20, ge=1, le=120)  # the optional countdown
    hint_minutes: int = Field(default=2, ge=0, le=30)  # what a hint adds to the team's time

    @property
    def code(self) -> str:
        return "".join(p.code for p in self.puzzles)

    def puzzle(self, puzzle_id: str) -> Puzzle | None:
        return next((p for p in self.puzzles if p.id == puzzle_id), None)

    def placed(self) -> list[tuple[Puzzle, str]]:
        """Each puzzle with the room object it sits in (unset objects take the free ones)."""
        free = iter(o for o in ROOM_OBJECTS if o not in {p.object for p in self.puzzles})
        return [(p, p.object or next(free)) for p in self.puzzles]

    def accepts_code(self, given: str) -> bool:
        return "".join(given.split()).casefold() == self.code.casefold()

    @model_validator(mode="after")
    def _rules(self) -> EscapeRoomBlock:
        problems: list[tuple[Loc, str]] = []
        if not PUZZLES_MIN <= len(self.puzzles) <= PUZZLES_MAX:
            problems.append((("puzzles",), f"an escape room needs {PUZZLES_MIN} to {PUZZLES_MAX} "
                                           f"puzzles, this one has {len(self.puzzles)}"))
        problems += [(("puzzles", index, "id"), f"duplicate puzzle id '{puzzle_id}'")
                     for index, puzzle_id in duplicates([p.id for p in self.puzzles])]
        problems += [(("puzzles", index, "object"), f"two puzzles in the {thing}")
                     for index, thing in duplicates([p.object for p in self.puzzles if p.object])]
        raise_problems(problems)
        return self


class AccordionSection(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=160)
    body: Markdown


class AccordionBlock(_BlockBase):
    """Sections that open and close: short parts a learner opens one by one."""

    type: Literal["accordion"]
    intro: str | None = None
    sections: list[AccordionSection] = Field(min_length=2)

    @model_validator(mode="after")
    def _rules(self) -> AccordionBlock:
        raise_problems([(("sections", index, "id"), f"duplicate section id '{section_id}'")
                        for index, section_id in duplicates([s.id for s in self.sections])])
        return self


class FlipCard(_Strict):
    id: Slug
    front: str = Field(min_length=1, max_length=300)  # a term, a question or a situation
    back: Markdown                                    # the explanation


class FlipCardsBlock(_BlockBase):
    """Cards with a front and a back; the learner turns them and may mark what they knew."""

    type: Literal["flip_cards"]
    intro: str | None = None
    cards: list[FlipCard] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _rules(self) -> FlipCardsBlock:
        raise_problems([(("cards", index, "id"), f"duplicate card id '{card_id}'")
                        for index, card_id in duplicates([c.id for c in self.cards])])
        return self


class ProcessStep(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=160)
    body: Markdown


class ProcessStepsBlock(_BlockBase):
    """A numbered process, shown one step at a time with an overview of all steps."""

    type: Literal["process_steps"]
    intro: str | None = None
    steps: list[ProcessStep] = Field(min_length=2, max_length=12)
    closing: str | None = None

    @model_validator(mode="after")
    def _rules(self) -> ProcessStepsBlock:
        raise_problems([(("steps", index, "id"), f"duplicate step id '{step_id}'")
                        for index, step_id in duplicates([s.id for s in self.steps])])
        return self


SORTING_ITEMS_MIN, SORTING_ITEMS_MAX = 3, 8
SCENARIO_CHOICES_MIN, SCENARIO_CHOICES_MAX = 2, 3


class SortingItem(_Strict):
    id: Slug
    text: str = Field(min_length=1)
    category: Slug | None = None  # where it belongs (sorting into categories only)
    feedback: str = Field(min_length=1)  # why it belongs there, in plain words


class SortingCategory(_Strict):
    id: Slug
    label: str = Field(min_length=1)


class SortingBlock(_BlockBase):
    """Put items in order (the order written is the right one) or sort them into categories."""

    type: Literal["sorting"]
    intro: str | None = None
    prompt: Markdown
    categories: list[SortingCategory] = Field(default_factory=list)
    items: list[SortingItem]

    @property
    def mode(self) -> Literal["sequencing", "matching"]:
        """The xAPI/SCORM interaction type: ``matching`` with categories, else ``sequencing``."""
        return "matching" if self.categories else "sequencing"

    @property
    def max_points(self) -> int:
        return len(self.items)

    def category(self, category_id: str | None) -> SortingCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @model_validator(mode="after")
    def _rules(self) -> SortingBlock:
        problems: list[tuple[Loc, str]] = []
        if not SORTING_ITEMS_MIN <= len(self.items) <= SORTING_ITEMS_MAX:
            problems.append((("items",), f"sorting needs {SORTING_ITEMS_MIN} to {SORTING_ITEMS_MAX} "
                                         f"items, this one has {len(self.items)}"))
        problems += [(("items", index, "id"), f"duplicate item id '{item_id}'")
                     for index, item_id in duplicates([i.id for i in self.items])]
        problems += [(("categories", index, "id"), f"duplicate category id '{category_id}'")
                     for index, category_id in duplicates([c.id for c in self.categories])]
        if len(self.categories) == 1:
            problems.append((("categories",), "sorting into categories needs at least 2 categories"))
        category_ids = {c.id for c in self.categories}
        for index, item in enumerate(self.items):
            if self.categories and item.category not in category_ids:
                problems.append((("items", index, "category"),
                                 f"item '{item.id}' needs one of the categories {sorted(category_ids)}"))
            elif not self.categories and item.category is not None:
                problems.append((("items", index, "category"),
                                 f"item '{item.id}' has a category, but the block has no categories"))
        raise_problems(problems)
        return self


class ScenarioCharacter(_Strict):
    id: Slug
    name: str = Field(min_length=1, max_length=40)
    role: str = Field(min_length=1, max_length=60)  # e.g. "werkbegeleider"


class ScenarioChoice(_Strict):
    id: Slug
    text: str = Field(min_length=1)  # what you say
    next: Slug                       # a step or an ending of this scenario


class ScenarioStep(_Strict):
    id: Slug
    speaker: Slug
    says: str = Field(min_length=1)
    choices: list[ScenarioChoice]

    def choice(self, choice_id: str) -> ScenarioChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class ScenarioEnding(_Strict):
    id: Slug
    title: str = Field(min_length=1)
    says: str | None = None  # the other's last words
    feedback: Markdown
    points: int = Field(ge=0, le=10)


class ScenarioBlock(_BlockBase):
    """A conversation: the other speaks, you choose what to say; choices branch to the next
    step or an ending. The ending reached gives the points. It starts at the first step and
    never loops, so every run ends."""

    type: Literal["scenario"]
    intro: str | None = None
    you: Slug  # the character the learner plays
    characters: list[ScenarioCharacter] = Field(min_length=2)
    steps: list[ScenarioStep] = Field(min_length=1)
    endings: list[ScenarioEnding] = Field(min_length=1)

    def step(self, step_id: str | None) -> ScenarioStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def ending(self, ending_id: str | None) -> ScenarioEnding | None:
        return next((e for e in self.endings if e.id == ending_id), None)

    def character(self, character_id: str) -> ScenarioCharacter:
        return next(c for c in self.characters if c.id == character_id)

    @property
    def player(self) -> ScenarioCharacter:
        return self.character(self.you)

    @property
    def other(self) -> ScenarioCharacter:
        """The first character the learner talks with (who speaks at an ending)."""
        return next(c for c in self.characters if c.id != self.you)

    @property
    def max_points(self) -> int:
        return max(e.points for e in self.endings)

    def best_points(self, target: str) -> int:
        """The most points an ending reachable from ``target`` (a step or an ending) gives."""
        ending = self.ending(target)
        if ending is not None:
            return ending.points
        step = self.step(target)
        return max(self.best_points(c.next) for c in step.choices) if step else 0

    def best_choices(self, step: ScenarioStep) -> list[str]:
        """The choices after which the best ending can still be reached (xAPI's correct ones)."""
        return [c.id for c in step.choices if self.best_points(c.next) == self.max_points]

    @model_validator(mode="after")
    def _rules(self) -> ScenarioBlock:
        problems: list[tuple[Loc, str]] = [
            (("characters", index, "id"), f"duplicate character id '{character_id}'")
            for index, character_id in duplicates([c.id for c in self.characters])]
        character_ids = {c.id for c in self.characters}
        if self.you not in character_ids:
            problems.append((("you",), f"'{self.you}' is not one of the characters"))
        targets = [s.id for s in self.steps] + [e.id for e in self.endings]
        problems += [(("steps",), f"duplicate step or ending id '{target}'")
                     for _index, target in duplicates(targets)]
        for si, step in enumerate(self.steps):
            if step.speaker not in character_ids or step.speaker == self.you:
                problems.append((("steps", si, "speaker"),
                                 f"step '{step.id}': the speaker must be another character"))
            if not SCENARIO_CHOICES_MIN <= len(step.choices) <= SCENARIO_CHOICES_MAX:
                problems.append((("steps", si, "choices"), f"step '{step.id}' needs "
                                 f"{SCENARIO_CHOICES_MIN} to {SCENARIO_CHOICES_MAX} choices"))
            problems += [(("steps", si, "choices", ci, "id"), f"duplicate choice id '{choice_id}'")
                         for ci, choice_id in duplicates([c.id for c in step.choices])]
            problems += [(("steps", si, "choices", ci, "next"),
                          f"choice '{choice.id}' goes to '{choice.next}', which does not exist")
                         for ci, choice in enumerate(step.choices) if choice.next not in targets]
        if problems:
            raise_problems(problems)
        order = {step.id: index for index, step in enumerate(self.steps)}
        problems += [(("steps", si, "choices", ci, "next"),
                      f"choice '{choice.id}' goes back to step '{choice.next}': a scenario never loops")
                     for si, step in enumerate(self.steps) for ci, choice in enumerate(step.choices)
                     if choice.next in order and order[choice.next] <= si]
        reached = {self.steps[0].id}
        for step in self.steps:
            if step.id in reached:
                reached.update(c.next for c in step.choices)
        problems += [(("steps",), f"'{target}' cannot be reached from the first step")
                     for target in targets if target not in reached]
        if self.max_points == 0:
            problems.append((("endings",), "no ending gives points"))
        raise_problems(problems)
        return self


# Every block type's model; what each type does is its kind in ``lti_tool.blocks``.
AnyBlock = (TextBlock | FigureBlock | VideoBlock | AudioBlock | QuizBlock | ReflectionBlock
            | CaseBlock | EscapeRoomBlock | AccordionBlock | FlipCardsBlock | ProcessStepsBlock
            | SortingBlock | ScenarioBlock)
Block = Annotated[AnyBlock, Field(discriminator="type")]
BLOCK_TYPES: tuple[str, ...] = tuple(get_args(model.model_fields["type"].annotation)[0]
                                     for model in get_args(AnyBlock))


class Completion(_Strict):
    """Which blocks must be done, and the pass mark (percent) for the module's quizzes."""

    required: Literal["all"] | list[Slug] = "all"
    pass_mark: int = Field(default=70, ge=0, le=100)


class Module(_Strict):
    id: Slug
    title: str = Field(min_length=1)
    description: str | None = None
    # Optional and never shown: the time comes from the content (``minutes``); ``content
    # check`` refuses a stated number that disagrees with it.
    estimated_minutes: int | None = Field(default=None, ge=1, le=600)
    completion: Completion = Field(default_factory=Completion)
    blocks: list[Block] = Field(min_length=1)

    def block(self, block_id: str) -> AnyBlock | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def index(self, block_id: str) -> int:
        for index, block in enumerate(self.blocks):
            if block.id == block_id:
                return index
        raise KeyError(block_id)

    def next_block(self, block_id: str) -> AnyBlock | None:
        index = self.index(block_id)
        return self.blocks[index + 1] if index + 1 < len(self.blocks) else None

    def previous_block(self, block_id: str) -> AnyBlock | None:
        index = self.index(block_id)
        return self.blocks[index - 1] if index > 0 else None

    @property
    def required_block_ids(self) -> tuple[str, ...]:
        if self.completion.required == "all":
            return tuple(b.id for b in self.blocks)
        return tuple(self.completion.required)

    @property
    def quizzes(self) -> list[QuizBlock]:
        return [b for b in self.blocks if isinstance(b, QuizBlock)]

    @property
    def pass_mark(self) -> int:
        return self.completion.pass_mark

    @cached_property
    def minutes(self) -> int:
        """About how long the module takes, from its words, media and exercises.

        The rule is ``lti_tool.blocks.timing``; each block kind says how long it takes, and
        the kinds build on this model, hence the import here. Counted once per loaded module
        (the course page showed every module's, counting the words on every request).
        """
        from ..blocks import KINDS
        from ..blocks.timing import total_minutes

        return total_minutes(KINDS.of(block).seconds(block) for block in self.blocks)


class CourseManifest(_Strict):
    """``course.yaml`` as written: modules are file paths relative to the package."""

    id: Slug
    title: str = Field(min_length=1)
    description: str | None = None
    language: Literal["nl"] = "nl"
    navigation: Literal["sequential", "free"] = "free"
    modules: list[str] = Field(min_length=1)
    zelfscans: list[str] = Field(default_factory=list)  # zelfscan/<id>.yaml files
    samenleer: str | None = None  # the Samenleer themes file (content/samenleer_check.py)
    intervisie: str | None = None  # the intervisie methods file (content/intervisie_check.py)
    # Every module shows a picture or plays a sound that carries meaning; ``false`` only for
    # test fixtures that exercise other things (``content check`` says which blocks count).
    require_picture_or_sound: bool = True


class Course(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    title: str
    description: str | None
    language: str
    navigation: Literal["sequential", "free"]
    modules: list[Module]
    root: Path

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def module_index(self, module_id: str) -> int:
        for index, module in enumerate(self.modules):
            if module.id == module_id:
                return index
        raise KeyError(module_id)

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def block_count(self) -> int:
        return sum(len(m.blocks) for m in self.modules)

    @property
    def minutes(self) -> int:
        """About how long the whole course takes: the sum of its modules' times."""
        return sum(m.minutes for m in self.modules)
