"""Sorting: put items in the right order, or sort them into categories; scored per item.

Without categories the order written in the content is the right one (xAPI and SCORM
``sequencing``); with categories each item has its own (``matching``). The form works
without JavaScript: a select per item ("which place?") or a radio group per item ("which
category?"); dragging (``static/learning/sorting.js``) only fills those in. Retries are new
attempts, as in a quiz.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import SortingBlock, SortingItem
from ..marker import N_
from ..numbers import percentage
from .kind import Answered, BlockKind, BlockState, Entry, Form, Outcome, first
from .timing import QUESTION_SECONDS, reading_seconds

ITEM_SECONDS = QUESTION_SECONDS / 3  # placing one item takes about a third of a quiz question
LANGUAGE = "nl-NL"  # of the content's texts in an xAPI definition (the course is Dutch)


def shown_order(block: SortingBlock) -> list[SortingItem]:
    """The items as the learner first sees them: mixed in a fixed way (the same on every
    page and in a SCORM package), never already in the right order."""
    def key(item: SortingItem) -> str:
        return hashlib.sha256(f"{block.id}/{item.id}".encode()).hexdigest()

    mixed = sorted(block.items, key=key)
    if block.mode == "sequencing" and mixed == list(block.items):
        mixed = mixed[1:] + mixed[:1]
    return mixed


@dataclass(frozen=True)
class ItemResult:
    item: SortingItem
    given: str     # the place (1, 2, ...) or the category id the learner chose
    expected: str  # the right place or category id

    @property
    def right(self) -> bool:
        return self.given == self.expected


@dataclass(frozen=True)
class SortingResult:
    items: list[ItemResult]  # in the learner's order (sequencing) or the shown order
    pass_mark: int

    @property
    def earned(self) -> int:
        return sum(1 for r in self.items if r.right)

    @property
    def maximum(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> float:
        return percentage(self.earned, self.maximum)

    @property
    def all_right(self) -> bool:
        return self.earned == self.maximum

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark


def sorting_response(block: SortingBlock, form: Form) -> dict[str, Any] | None:
    """The learner's answer from the form, or ``None`` when an item has no place or category.

    Sequencing: ``{"order": [item ids]}``, items by the place chosen (a tie keeps the shown
    order). Matching: ``{"placed": {item id: category id}}``."""
    items = shown_order(block)
    if block.mode == "matching":
        valid = {c.id for c in block.categories}
        placed = {item.id: first(form, f"cat-{item.id}") for item in block.items}
        if not all(value in valid for value in placed.values()):
            return None
        return {"placed": placed}
    places: dict[str, int] = {}
    for item in items:
        value = first(form, f"pos-{item.id}")
        if not (value.isascii() and value.isdecimal()) or not 1 <= int(value) <= len(items):
            return None
        places[item.id] = int(value)
    return {"order": sorted(places, key=lambda item_id: places[item_id])}  # sorted() is stable


def score_sorting(block: SortingBlock, response: Mapping[str, Any], pass_mark: int) -> SortingResult:
    """Each item right or not; an answer that does not fit the block counts as all wrong."""
    if block.mode == "matching":
        placed = response.get("placed") or {}
        placed = placed if isinstance(placed, Mapping) else {}
        return SortingResult([ItemResult(item, str(placed.get(item.id, "")), str(item.category))
                              for item in shown_order(block)], pass_mark)
    right = [item.id for item in block.items]
    order = [i for i in (response.get("order") or []) if i in right]
    if sorted(order) != sorted(right):
        order = [item.id for item in shown_order(block)]
        return SortingResult([ItemResult(block.items[right.index(i)], "", str(right.index(i) + 1))
                              for i in order], pass_mark)
    return SortingResult([ItemResult(block.items[right.index(item_id)], str(place),
                                     str(right.index(item_id) + 1))
                          for place, item_id in enumerate(order, start=1)], pass_mark)


def xapi_response(block: SortingBlock, response: Mapping[str, Any]) -> str:
    """The response as xAPI writes it: ``a[,]b[,]c`` (sequencing), ``a[.]x[,]b[.]y`` (matching)."""
    if block.mode == "matching":
        placed = response.get("placed") or {}
        return "[,]".join(f"{item_id}[.]{category}" for item_id, category in placed.items())
    return "[,]".join(response.get("order") or [])


@dataclass
class SortingState(BlockState):
    result: SortingResult | None = None  # the latest attempt, unless the learner asked to try again
    shown: list[SortingItem] = field(default_factory=list)


class SortingKind(BlockKind[SortingBlock]):
    type = "sorting"
    model = SortingBlock
    label = N_("Sorteren")
    xapi_activity_type = "QUESTION"
    xapi_interaction = "sequencing"  # "matching" for a block with categories (xapi_definition)

    def state(self, block: SortingBlock, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> SortingState:
        state = SortingState(done=done, attempts=len(answers), shown=shown_order(block))
        if answers:
            latest = score_sorting(block, answers[-1].response or {}, pass_mark)
            state.passed = latest.passed
            state.result = None if retry else latest
        state.form_open = state.result is None
        return state

    def unsent(self, block: SortingBlock, form: Form, answers: Sequence[Any]) -> bool:
        prefix = "cat-" if block.mode == "matching" else "pos-"
        return any(first(form, prefix + item.id) for item in block.items)

    def answer(self, block: SortingBlock, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome:
        if first(form, "attempt") != str(len(answers)):
            return Outcome(notice="al-verstuurd")
        response = sorting_response(block, form)
        if response is None:
            return Outcome(notice="onvolledig", retry=True)
        result = score_sorting(block, response, pass_mark)
        entry = Entry({**response, "percent": result.percent, "passed": result.passed},
                      completes=True, score=float(result.earned), max_score=result.maximum)
        return Outcome(entry, event=Answered(result.all_right, result.percent / 100,
                                             xapi_response(block, response)))

    def seconds(self, block: SortingBlock) -> float:
        return (reading_seconds(block.intro, block.prompt, *(i.text for i in block.items))
                + ITEM_SECONDS * len(block.items))

    def max_points(self, block: SortingBlock) -> int:
        return block.max_points

    def xapi_definition(self, block: SortingBlock, item_id: str | None) -> dict[str, Any]:
        def described(entries: Sequence[Any], text: str) -> list[dict[str, Any]]:
            return [{"id": e.id, "description": {LANGUAGE: getattr(e, text)}} for e in entries]

        if block.mode == "matching":
            pattern = "[,]".join(f"{i.id}[.]{i.category}" for i in block.items)
            return {"interactionType": "matching", "correctResponsesPattern": [pattern],
                    "source": described(block.items, "text"),
                    "target": described(block.categories, "label")}
        return {"interactionType": "sequencing",
                "correctResponsesPattern": ["[,]".join(i.id for i in block.items)],
                "choices": described(block.items, "text")}

    def page_data(self, block: SortingBlock) -> dict[str, Any]:
        shown = shown_order(block)
        return {"mode": block.mode, "points": block.max_points,
                "items": [{"id": i.id, "text": i.text, "feedback": i.feedback,
                           "place": block.items.index(i) + 1,
                           "category": i.category} for i in shown],
                "categories": [{"id": c.id, "label": c.label} for c in block.categories]}


KIND = SortingKind()
