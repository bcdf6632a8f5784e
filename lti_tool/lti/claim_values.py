"""Claim values made fit for our columns, at the launch edge.

Two kinds of values come from an id_token:
  * identifiers and service URLs (``sub``, the context and resource link ids, the
    deployment, the AGS and NRPS URLs, the return URLs): a shortened or altered one would
    point at someone or something else, so a value that does not fit its column or holds
    a NUL byte (PostgreSQL cannot store one in text) refuses the launch with a 400,
    before the single-use login is spent;
  * human text (name, email, course and link titles, labels): NUL bytes are removed and
    the text is cut to its column's length; an email address that is too long or
    malformed is left out rather than stored wrong.
The limits are the columns' own lengths, so a model change moves them along.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import CourseContext, LaunchSession, Learner, ResourceLink
from .vocabulary import CONTENT_ITEM_PARAM, Claim

NUL = "\x00"
EMAIL_MAX = 254  # RFC 5321: the longest usable address


def column_length(column: Any) -> int:
    return int(column.type.length)


NAME_MAX = column_length(Learner.name)
TITLE_MAX = column_length(CourseContext.title)
LABEL_MAX = column_length(CourseContext.label)
LINK_TITLE_MAX = column_length(ResourceLink.title)
ID_MAX = column_length(Learner.sub)
URL_MAX = column_length(ResourceLink.lineitem_url)
LOCALE_MAX = column_length(LaunchSession.locale)


def _member(claim: str, key: str) -> Callable[[dict[str, Any]], Any]:
    def read(body: dict[str, Any]) -> Any:
        value = body.get(claim)
        return value.get(key) if isinstance(value, dict) else None

    return read


# (check name, how to read the value, the longest value its column holds)
IDENTIFIERS: tuple[tuple[str, Callable[[dict[str, Any]], Any], int], ...] = (
    ("sub", lambda body: body.get("sub"), ID_MAX),
    ("deployment_id", lambda body: body.get(Claim.DEPLOYMENT_ID),
     column_length(LaunchSession.deployment_id)),
    ("context", _member(Claim.CONTEXT, "id"), column_length(CourseContext.context_id)),
    ("resource_link", _member(Claim.RESOURCE_LINK, "id"), column_length(ResourceLink.resource_link_id)),
    ("custom", _member(Claim.CUSTOM, CONTENT_ITEM_PARAM), column_length(ResourceLink.content_item_id)),
    ("lineitem", _member(Claim.AGS_ENDPOINT, "lineitem"), URL_MAX),
    ("lineitems", _member(Claim.AGS_ENDPOINT, "lineitems"), URL_MAX),
    ("namesroleservice", _member(Claim.NRPS, "context_memberships_url"),
     column_length(LaunchSession.nrps_url)),
    ("return_url", _member(Claim.LAUNCH_PRESENTATION, "return_url"),
     column_length(LaunchSession.return_url)),
    ("deep_link_return_url", _member(Claim.DEEP_LINKING_SETTINGS, "deep_link_return_url"), URL_MAX),
)


def unfit(value: Any, limit: int) -> bool:
    """An identifier we cannot store as it is: not a plain value, longer than its column,
    or with a NUL byte."""
    if value is None:
        return False
    if isinstance(value, (dict, list)):
        return True
    text = str(value)
    return len(text) > limit or NUL in text


def unfit_identifier(body: dict[str, Any]) -> tuple[str, int] | None:
    """The first identifier claim that cannot be stored, with its limit; ``None`` when all fit."""
    for check, read, limit in IDENTIFIERS:
        if unfit(read(body), limit):
            return check, limit
    return None


def text(value: Any, limit: int) -> str | None:
    """Human text from a claim: a string without NUL bytes, trimmed, at most ``limit`` long."""
    if not isinstance(value, str):
        return None
    cleaned = value.replace(NUL, "").strip()
    return cleaned[:limit].rstrip() or None


def email(value: Any) -> str | None:
    """An address as sent, or ``None`` when it cannot be one (too long, no '@', spaces, NUL)."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    if not 0 < len(address) <= EMAIL_MAX or "@" not in address or any(
            char.isspace() or char == NUL for char in address):
        return None
    return address
