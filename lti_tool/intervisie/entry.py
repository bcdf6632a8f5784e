"""Intervisie as a placement of its own: the picker offers it to learners, taking part in a
finished session counts as completion (a score of 1 out of 1), and its launches open the
member's overview."""

from __future__ import annotations

from flask_babel import gettext as _

from ..content.model import Course
from ..content_items import ENTRY_ENDPOINTS, PROVIDERS, ContentItem
from .completion import CONTENT_ITEM


def content_items(course: Course) -> list[ContentItem]:
    return [ContentItem(id=CONTENT_ITEM, kind="intervisie", title=_("Intervisie"),
                        description=_("Bespreek in een kleine groep een casus uit je werk als "
                                      "werkbegeleider, stap voor stap. Meedoen telt als afgerond."),
                        minutes=None, score_maximum=1.0)]


def register_content_items() -> None:
    ENTRY_ENDPOINTS.setdefault(CONTENT_ITEM, "intervisie.overview")
    if content_items not in PROVIDERS:
        PROVIDERS.append(content_items)
