"""What the LRS learns about intervisie: that a member completed a session of a method.

No case, no contribution, no group name: the session id is an HMAC of the row id.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import OutboxMessage
from ..models.intervisie import IntervisieSession
from ..settings import Settings
from ..xapi import statements
from ..xapi import vocabulary as v
from ..xapi.events import emit_built
from ..xapi.keys import derive_key
from ..xapi.origin import Origin

SESSION_KEY = b"intervisie-session"


def session_ref(secret_key: str, row: IntervisieSession) -> str:
    key = derive_key(secret_key, SESSION_KEY)
    return hmac.new(key, f"session:{row.id}".encode(), hashlib.sha256).hexdigest()[:32]


def build(origin: Origin, method_id: str, ref: str) -> dict:
    target = statements.activity(
        v.activity_iri(origin.base_url, origin.course.id, "_intervisie", method_id),
        v.ActivityType.SIMULATION, "Intervisie")
    return statements.statement(origin, v.COMPLETED, target, extensions={
        v.extension_iri(origin.base_url, v.EXT_INTERVISIE): ref})


def session_completed(session: Session, launch: Launch, settings: Settings, row: IntervisieSession
                      ) -> list[OutboxMessage]:
    ref = session_ref(settings.secret_key, row)
    return emit_built(session, launch, lambda origin: build(origin, row.method_id, ref), settings)
