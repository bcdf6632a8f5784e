"""What the LRS learns about Samenleer: only that a round took place, under pseudonymous ids.

No answers, no label, no scores: the conversation id is an HMAC of the track id.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models.samenleer import SamenleerTrack
from ..xapi import samenleer_shared
from ..xapi.keys import derive_key

ROUND_ACTIVITY = "ronde"
CONVERSATION_KEY = b"samenleer-conversation"


def conversation_id(secret_key: str, track: SamenleerTrack) -> str:
    key = derive_key(secret_key, CONVERSATION_KEY)
    return hmac.new(key, f"track:{track.id}".encode(), hashlib.sha256).hexdigest()[:32]


def round_held(session: Session, launch: Launch, secret_key: str, track: SamenleerTrack) -> None:
    samenleer_shared(session, launch, ROUND_ACTIVITY, conversation_id(secret_key, track))
