"""How many personal codes may be tried: per track, and per client network across tracks.

Every try is counted before the code is checked (see :mod:`lti_tool.ratelimit`), so a burst
of parallel requests gets no more tries than a patient guesser. A right code clears the
track's count and gives its try back to the network. Whoever has the link can use up the
track's tries; the professional can lift that lock on the track page, and a new invite
lifts it too.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..ratelimit import Rule, Window

TRACK_LIMIT = 5
TRACK = Rule("samenleer-track", (Window(TRACK_LIMIT, timedelta(minutes=15)),
                                 Window(2 * TRACK_LIMIT, timedelta(days=1))))
NETWORK = Rule("samenleer-network", (Window(20, timedelta(minutes=15)),
                                     Window(100, timedelta(days=1))))
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def clock_time(moment: datetime) -> str:
    """``HH:MM`` in Dutch local time: when a lock ends, as the people concerned read it."""
    return moment.astimezone(LOCAL_TIME).strftime("%H:%M")
