"""When the next Samenleer round is due.

The first round comes after about ``FIRST_AFTER_MEETINGS`` ordinary guidance
conversations; after that, every ``interval_weeks`` the professional chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..models import as_utc
from ..models.samenleer import SamenleerTrack
from .rounds import current_round

FIRST_AFTER_MEETINGS = 3
INTERVAL_WEEKS_MIN, INTERVAL_WEEKS_MAX = 2, 26

Status = Literal["running", "due", "later", "first_later"]


@dataclass(frozen=True)
class Rhythm:
    status: Status
    due_on: date | None = None
    meetings_to_go: int = 0

    @property
    def is_due(self) -> bool:
        return self.status == "due"


def rhythm(track: SamenleerTrack, today: date) -> Rhythm:
    if current_round(track) is not None:
        return Rhythm("running")
    if not track.rounds:
        to_go = max(FIRST_AFTER_MEETINGS - len(track.meetings), 0)
        return Rhythm("due") if to_go == 0 else Rhythm("first_later", meetings_to_go=to_go)
    last = track.rounds[-1]
    held = as_utc(last.closed_at or last.created_at)
    due_on = held.date() + timedelta(weeks=track.interval_weeks)
    return Rhythm("due", due_on) if today >= due_on else Rhythm("later", due_on)
