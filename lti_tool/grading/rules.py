"""Which attempt counts: the placement's ``grading`` custom parameter, ``best`` by default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import Answer, ResourceLink

BEST = "best"
LATEST = "latest"
POLICIES = (BEST, LATEST)
GRADING_PARAM = "grading"


def policy_from_custom(custom: Mapping[str, Any] | None) -> str | None:
    """``best`` or ``latest`` from an LTI custom claim; anything else means the default."""
    if not isinstance(custom, Mapping):
        return None
    value = str(custom.get(GRADING_PARAM) or "").strip().lower()
    return value if value in POLICIES else None


def policy_for(session: Session, launch: Launch, item_id: str) -> str:
    """The rule of ``item_id``'s own placement in this course.

    The launch's own link when it shows ``item_id``; otherwise the course's first
    placement of ``item_id`` the tool has seen launched; otherwise ``best``.
    """
    if launch.resource_link_id is not None and launch.content_item_id == item_id:
        # The launch's own link, usually held by the request already (no query).
        own = session.get(ResourceLink, launch.resource_link_id)
        if (own is not None and own.registration_id == launch.registration_id
                and own.content_item_id == item_id
                and (launch.context_id is None or own.context_id == launch.context_id)):
            return own.grading or BEST
    links = session.scalars(select(ResourceLink).where(
        ResourceLink.registration_id == launch.registration_id,
        ResourceLink.context_id == launch.context_id if launch.context_id is not None
        else ResourceLink.id == launch.resource_link_id,
        ResourceLink.content_item_id == item_id).order_by(ResourceLink.id))
    rules = {link.id: link.grading for link in links}
    if launch.resource_link_id in rules:
        return rules[launch.resource_link_id] or BEST
    return next(iter(rules.values()), None) or BEST


def counted_attempts(answers: Iterable[Answer], policy: str) -> dict[str, Answer]:
    """Per block, the attempt that counts: the highest score (``best``; the later one on a
    tie) or the last one given (``latest``). ``answers`` come oldest first."""
    counted: dict[str, Answer] = {}
    for answer in answers:
        kept = counted.get(answer.block_id)
        if policy == LATEST or kept is None or (answer.score or 0.0) >= (kept.score or 0.0):
            counted[answer.block_id] = answer
    return counted
