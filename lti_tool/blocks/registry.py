"""The registry of block kinds: the one place that knows every block type.

Code that treats block types differently asks ``KINDS.of(block)`` instead of testing
classes; a block of a type without a kind is an error, never silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import (
    accordion,
    audio,
    case,
    escape_room,
    figure,
    flip_cards,
    process_steps,
    quiz,
    reflection,
    scenario,
    sorting,
    text,
    video,
)
from .kind import BlockKind


class UnknownBlockTypeError(LookupError):
    """A block whose type has no kind in the registry."""


class Registry:
    def __init__(self, kinds: Iterable[BlockKind[Any]]) -> None:
        self._kinds: dict[str, BlockKind[Any]] = {}
        for kind in kinds:
            if kind.type in self._kinds:
                raise ValueError(f"two kinds for block type '{kind.type}'")
            self._kinds[kind.type] = kind

    def __iter__(self) -> Iterator[BlockKind[Any]]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def get(self, block_type: str) -> BlockKind[Any]:
        try:
            return self._kinds[block_type]
        except KeyError:
            raise UnknownBlockTypeError(f"no kind for block type '{block_type}' "
                                   f"(known: {', '.join(self._kinds)})") from None

    def of(self, block: Any) -> BlockKind[Any]:
        """The kind of ``block`` (anything with a ``type``)."""
        return self.get(block.type)


KINDS = Registry(module.KIND for module in (text, figure, video, audio, quiz, reflection, case,
                                            escape_room, accordion, flip_cards, process_steps,
                                            sorting, scenario))
