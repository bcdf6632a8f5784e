"""Helpers the zelfscan pages share: the course, the framework, formatting."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _

from .. import web
from ..content import get_course
from ..content.model import Course
from ..content.zelfscan_loader import frameworks_for
from ..content.zelfscan_model import Framework
from ..errors import ProblemError
from ..i18n import decimal_mark, page_language
from ..numbers import format_number


def course() -> Course:
    return get_course(web.settings())


def frameworks(current: Course | None = None) -> dict[str, Framework]:
    return frameworks_for(current or course())


def framework(framework_id: str) -> Framework:
    found = frameworks().get(framework_id)
    if found is None:
        raise ProblemError(404, _("Deze zelfscan bestaat niet"),
                           _("Ga terug naar het overzicht van de cursus."), check="zelfscan")
    return found


def module_ids(current: Course) -> list[str]:
    return [m.id for m in current.modules]


def content_lang(current: Course) -> str | None:
    """The course's language where it differs from the page's (WCAG 3.1.2)."""
    return current.language if current.language != page_language() else None


def num(value: float | None) -> str:
    return format_number(value, decimal_mark())


def signed(value: float | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + num(value)


def day(value: datetime | None) -> str:
    return format_date(value, format="long") if value else ""
