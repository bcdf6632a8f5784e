"""What the tool offers a course: every content item a course designer can place.

A content item's ``id`` is the value of the custom parameter ``content_item`` that
the LMS sends back on each launch, so the tool knows what to open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .content.model import Course

TAG = "werkbegeleiding"


@dataclass(frozen=True)
class ContentItem:
    id: str
    kind: str  # module, zelfscan, samenleer
    title: str
    description: str
    minutes: int | None
    score_maximum: float = 100.0


Provider = Callable[[Course], list[ContentItem]]


def _modules(course: Course) -> list[ContentItem]:
    return [ContentItem(id=module.id, kind="module", title=module.title,
                        description=module.description or "", minutes=module.minutes)
            for module in course.modules]


PROVIDERS: list[Provider] = [_modules]


# Content items that open a tool page instead of a module: id (or 'prefix:') -> endpoint.
ENTRY_ENDPOINTS: dict[str, str] = {"dashboard": "dashboard.overview",
                                   "samenleer": "samenleer.overview"}


def entry_endpoint(item_id: str | None) -> str | None:
    if not item_id:
        return None
    return ENTRY_ENDPOINTS.get(item_id) or ENTRY_ENDPOINTS.get(item_id.split(":", 1)[0] + ":")


def catalogue(course: Course) -> list[ContentItem]:
    return [item for provider in PROVIDERS for item in provider(course)]


def find(course: Course, item_id: str) -> ContentItem | None:
    return next((item for item in catalogue(course) if item.id == item_id), None)


def matches(item: ContentItem, query: str) -> bool:
    words = query.lower().split()
    haystack = f"{item.title} {item.description} {item.kind}".lower()
    return all(word in haystack for word in words)
