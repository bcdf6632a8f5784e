"""Which deliverer sends which kind of message, and whether it takes batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import OutboxMessage
from .ags_delivery import deliver_ags_scores
from .claims import Claim
from .context import DeliveryContext
from .messages import AGS_SCORE, XAPI_STATEMENT
from .outcome import Outcome
from .xapi_delivery import deliver_statements

Deliverer = Callable[[Session, list[OutboxMessage], DeliveryContext], list[Outcome]]
ClaimDeliverer = Callable[[Session, list[Claim], DeliveryContext], list[Outcome]]


@dataclass(frozen=True)
class Channel:
    """``deliver`` gets messages of one kind and one target, returns one outcome each.

    With ``takes_claims`` it gets the claims themselves (id, target, the statement's JSON
    text) instead of rows loaded as objects: for a deliverer that needs nothing else.
    """

    deliver: Deliverer | ClaimDeliverer
    batched: bool
    takes_claims: bool = False


CHANNELS: dict[str, Channel] = {
    AGS_SCORE: Channel(deliver_ags_scores, batched=False),
    XAPI_STATEMENT: Channel(deliver_statements, batched=True, takes_claims=True),
}
