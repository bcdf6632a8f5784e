"""Which deliverer sends which kind of message, and whether it takes batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import OutboxMessage
from .ags_delivery import deliver_ags_scores
from .context import DeliveryContext
from .messages import AGS_SCORE, XAPI_STATEMENT
from .outcome import Outcome
from .xapi_delivery import deliver_statements

Deliverer = Callable[[Session, list[OutboxMessage], DeliveryContext], list[Outcome]]


@dataclass(frozen=True)
class Channel:
    """``deliver`` gets messages of one kind and one target, returns one outcome each."""

    deliver: Deliverer
    batched: bool


CHANNELS: dict[str, Channel] = {
    AGS_SCORE: Channel(deliver_ags_scores, batched=False),
    XAPI_STATEMENT: Channel(deliver_statements, batched=True),
}
