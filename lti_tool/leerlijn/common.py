"""What every leerlijn page needs: the course, its leerlijn, times in Dutch local time."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime, format_time
from flask_babel import get_locale

from .. import web
from ..content import get_course
from ..content.model import Course
from ..errors import ProblemError
from ..launch_context import Launch
from ..marker import N_
from ..models import as_utc
from .content import Leerlijn, get_leerlijn
from .sessions import LOCAL_TIME


def course() -> Course:
    return get_course(web.settings())


def leerlijn() -> Leerlijn:
    return get_leerlijn(web.settings())


def course_launch() -> Launch:
    """The launch, which must come from a course (the leerlijn is per course)."""
    launch = web.current_launch()
    if launch.context_id is None:
        raise ProblemError(400, N_("Geen cursus"),
                           N_("Open de leerlijn vanuit een cursus in je leeromgeving."),
                           check="leerlijn_context")
    return launch


def when(moment: datetime, fmt: str = "EEEE d MMMM y, HH:mm") -> str:
    """A moment as people in the Netherlands read it (Amsterdam time, the page's language)."""
    return format_datetime(as_utc(moment), fmt, tzinfo=LOCAL_TIME, locale=str(get_locale() or "nl"))


def clock(moment: datetime) -> str:
    return format_time(as_utc(moment), "HH:mm", tzinfo=LOCAL_TIME, locale=str(get_locale() or "nl"))


def local_value(moment: datetime | None, part: str) -> str:
    """``day`` (YYYY-MM-DD) or ``time`` (HH:MM) of ``moment`` in local time, for form fields."""
    if moment is None:
        return ""
    local = as_utc(moment).astimezone(LOCAL_TIME)
    return local.strftime("%Y-%m-%d") if part == "day" else local.strftime("%H:%M")


def not_found() -> ProblemError:
    return ProblemError(404, N_("Niet gevonden"), N_("Ga terug naar de leerlijn."), check="leerlijn_item")
