"""What every block type is: the interface its module implements, and what an answer leads to.

No Flask and no database here. The player hands a kind the learner's parsed form and
earlier answers; the kind says what to store, what to tell the learner and what to send
to the LRS, and the player does it. The SCORM exporter asks the same kind for the data
and the views a static page needs.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

# A parsed form: every field's values in the order sent (``request.form.to_dict(flat=False)``).
Form = Mapping[str, Sequence[str]]

ModelT = TypeVar("ModelT", bound=BaseModel)


def first(form: Form, name: str) -> str:
    """The first value of ``name`` in the form, or ``""``."""
    values = form.get(name) or ()
    return str(values[0]) if values else ""


@dataclass
class BlockState:
    """What every block template may show. ``status``/``error`` go to the live region."""

    done: bool = False
    status: str | None = None
    error: str | None = None
    attempts: int = 0
    passed: bool | None = None  # a scored block: whether the latest attempt passed
    # The player's name for this learner's step, under which the browser keeps typed text
    # until it is saved (``static/learning/keep-text.js``); none in a SCORM package.
    keep_key: str | None = None
    # The block shows a form whose answer "Volgende" would drop: the player sends
    # "Volgende" through it, so an unsent choice can be noticed (``BlockKind.unsent``).
    form_open: bool = False
    # The form the learner tried to leave with an unsent answer: the page shows it again,
    # filled in, and asks whether to send it or skip.
    unsent: Form | None = None

    def kept(self, name: str) -> Sequence[str]:
        """The values of field ``name`` in the form the learner left unsent (for ``checked``)."""
        return (self.unsent or {}).get(name, ())


@dataclass(frozen=True)
class Entry:
    """An answer to store: a new row with ``response`` (and its points, when scored).

    ``completes``: this answer makes the block done (a block once done stays done).
    ``once_key``: what the answer counts for once per learner (an escape room's solved
    puzzle): a second one with the same key is not stored, nor sent to the LRS.
    """

    response: dict[str, Any]
    completes: bool
    score: float | None = None
    max_score: float | None = None
    once_key: str | None = None


@dataclass(frozen=True)
class Answered:
    """xAPI ``answered``: a quiz (``question_id=None``) or one puzzle of it."""

    success: bool
    score: float | None
    response: str | list[str]
    question_id: str | None = None


@dataclass(frozen=True)
class Chose:
    """xAPI ``responded``: a choice in one step of a branching case."""

    step_id: str
    choice_id: str


@dataclass(frozen=True)
class Outcome:
    """What an answer leads to. Without ``entry`` nothing is stored and the form may be sent again.

    ``notice``: a key of ``notices.NOTICES`` for the page that follows; ``retry``: show the
    empty form again; ``event``: what to tell the LRS.
    """

    entry: Entry | None = None
    notice: str | None = None
    retry: bool = False
    event: Answered | Chose | tuple[Answered | Chose, ...] | None = None

    @property
    def events(self) -> tuple[Answered | Chose, ...]:
        """What to tell the LRS, in order (a step of a scenario and, at its end, the whole)."""
        if self.event is None:
            return ()
        return self.event if isinstance(self.event, tuple) else (self.event,)


class BlockKind(Generic[ModelT]):
    """One block type. Subclasses set the class attributes and override what applies to them."""

    type: ClassVar[str]                  # the ``type`` in the content YAML
    # (``builtins.type``: in this class body, ``type`` is the attribute above)
    model: ClassVar[builtins.type[BaseModel]]  # its pydantic model in ``content.model``
    label: ClassVar[str]                 # Dutch, marked with ``N_``: the step's name without a title
    # The xAPI activity type, by its name in ``lti_tool.xapi.vocabulary.ActivityType``
    # (named, not imported: the exporter uses the kinds without the xAPI machinery).
    xapi_activity_type: ClassVar[str]
    xapi_interaction: ClassVar[str] = "choice"  # cmi.interaction type of its questions
    # (xAPI 1.0.3 names: choice, fill-in, sequencing, matching, ...)
    read: ClassVar[bool] = False   # done when the learner moves on ("Verder"), not by answering
    media: ClassVar[bool] = False  # plays audio or video (the player reports "played")
    # Shows a picture or plays a sound that carries meaning (a figure, a video, a podcast, a
    # drawn escape room): ``content check`` refuses a module without at least one such block.
    carries_picture_or_sound: ClassVar[bool] = False

    def state(self, block: ModelT, answers: Sequence[Any], *, done: bool, pass_mark: int,
              retry: bool = False) -> BlockState:
        """The block for one learner; ``answers`` are their rows (``.response``), oldest first."""
        return BlockState(done=done, attempts=len(answers))

    def answer(self, block: ModelT, form: Form, answers: Sequence[Any], *,
               pass_mark: int) -> Outcome | None:
        """What the learner's form means; ``None`` when this type takes no answers."""
        return None

    def unsent(self, block: ModelT, form: Form, answers: Sequence[Any]) -> bool:
        """Whether ``form`` (posted by "Volgende") holds an answer the learner did not send."""
        return False

    def seconds(self, block: ModelT) -> float:
        """About how long a learner spends on the block (the rule: ``blocks.timing``)."""
        return 0.0

    def max_points(self, block: ModelT) -> int:
        """Points the block adds to the module's score (0: not scored)."""
        return 0

    def xapi_definition(self, block: ModelT, item_id: str | None) -> dict[str, Any]:
        """The xAPI interaction definition of the block (``item_id=None``) or of one question,
        step or puzzle in it: ``interactionType``, ``correctResponsesPattern`` and the
        components the spec names for that type. Empty: the block itself is no interaction."""
        return {} if item_id is None else {"interactionType": self.xapi_interaction}

    def page_data(self, block: ModelT) -> dict[str, Any]:
        """What the SCORM runtime needs to play this block, beyond its id and type."""
        return {}

    def views(self, block: ModelT) -> Sequence[tuple[str, BlockState]]:
        """States a static SCO page renders in advance besides the start (key, state)."""
        return []
