"""What the tool offers a course: every content item a course designer can place.

A content item's ``id`` is the value of the custom parameter ``content_item`` that
the LMS sends back on each launch, so the tool knows what to open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from .content.model import Course

TAG = "werkbegeleiding"


@dataclass(frozen=True)
class ContentItem:
    """One placement. ``score_maximum`` None: no gradebook column (nothing is scored);
    ``staff_only``: a page for teachers and trainers, offered to staff only."""

    id: str
    kind: str  # module, zelfscan, samenleer, dashboard
    title: str
    description: str
    minutes: int | None
    score_maximum: float | None = 100.0
    staff_only: bool = False


Provider = Callable[[Course], list[ContentItem]]


def _modules(course: Course) -> list[ContentItem]:
    return [ContentItem(id=module.id, kind="module", title=module.title,
                        description=module.description or "", minutes=module.minutes)
            for module in course.modules]


def _tool_pages(course: Course) -> list[ContentItem]:
    """The pages that are placements of their own: Samenleer and the trainer overview."""
    return [
        ContentItem(id="samenleer", kind="samenleer", title=_("Samenleer-gesprek"),
                    description=_("De werkbegeleider en de persoon die hij begeleidt vullen samen "
                                  "vragen in en bespreken de antwoorden. Geen cijfer."),
                    minutes=None, score_maximum=None, staff_only=True),
        ContentItem(id="dashboard", kind="dashboard", title=_("Overzicht voor trainers"),
                    description=_("Voortgang, scores en zelfscans van de groep. Geen cijfer."),
                    minutes=None, score_maximum=None, staff_only=True),
    ]


PROVIDERS: list[Provider] = [_modules, _tool_pages]


# Content items that open a tool page instead of a module: id (or 'prefix:') -> endpoint.
ENTRY_ENDPOINTS: dict[str, str] = {"dashboard": "dashboard.overview",
                                   "samenleer": "samenleer.overview"}


def entry_endpoint(item_id: str | None) -> str | None:
    if not item_id:
        return None
    return ENTRY_ENDPOINTS.get(item_id) or ENTRY_ENDPOINTS.get(item_id.split(":", 1)[0] + ":")


def catalogue(course: Course, *, staff: bool = True) -> list[ContentItem]:
    """Every placement; without ``staff``, those for learners only."""
    return [item for provider in PROVIDERS for item in provider(course)
            if staff or not item.staff_only]


def find(course: Course, item_id: str, *, staff: bool = True) -> ContentItem | None:
    return next((item for item in catalogue(course, staff=staff) if item.id == item_id), None)


def matches(item: ContentItem, query: str) -> bool:
    words = query.lower().split()
    haystack = f"{item.title} {item.description} {item.kind}".lower()
    return all(word in haystack for word in words)
