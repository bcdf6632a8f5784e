"""The zelfscan as a placement of its own in the LMS.

A resource link whose custom ``content_item`` is ``zelfscan:<framework id>`` opens the
scan: :func:`register_content_items` adds the frameworks to the deep-linking catalogue
(``content_items.PROVIDERS``, with a score maximum of 1: finishing counts, nothing is
judged) and routes ``zelfscan:`` launches (``content_items.ENTRY_ENDPOINTS``) to
``zelfscan.launch_entry``, which picks the framework from the launch.
"""

from __future__ import annotations

from flask import redirect
from werkzeug.wrappers import Response

from .. import web
from ..content.model import Course
from ..content.zelfscan_loader import frameworks_for
from ..content_items import ENTRY_ENDPOINTS, PROVIDERS, ContentItem
from . import bp
from .store import CONTENT_ITEM_PREFIX


def framework_of(content_item_id: str | None) -> str | None:
    if not content_item_id or not content_item_id.startswith(CONTENT_ITEM_PREFIX):
        return None
    return content_item_id[len(CONTENT_ITEM_PREFIX):] or None


def content_items(course: Course) -> list[ContentItem]:
    return [ContentItem(id=CONTENT_ITEM_PREFIX + fw.id, kind="zelfscan", title=fw.title,
                        description=fw.audience, minutes=fw.minutes, score_maximum=1.0)
            for fw in frameworks_for(course).values()]


def register_content_items() -> None:
    ENTRY_ENDPOINTS.setdefault(CONTENT_ITEM_PREFIX, "zelfscan.launch_entry")
    if content_items not in PROVIDERS:
        PROVIDERS.append(content_items)


@bp.get("/")
@web.requires_launch
def launch_entry() -> Response:
    """The launch's framework, or the course's first one."""
    from .common import frameworks

    framework_id = framework_of(web.current_launch().content_item_id)
    if framework_id is None:
        framework_id = next(iter(frameworks()), None)
    if framework_id is None:
        return redirect(web.launch_url("learning.course"))
    return redirect(web.launch_url("zelfscan.start", framework_id=framework_id))
