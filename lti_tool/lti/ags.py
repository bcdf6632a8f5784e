"""Assignment and Grade Services 2.0: every call the tool makes on a platform's gradebook.

Line items (list, find or create), scores (post) and results (read) are built here and
nowhere else. The callers decide when to call and what an answer means: the outbox
worker posts queued scores (``outbox.ags_delivery``: retries, skips, outcomes), the
trainer overview reads the results back (``dashboard.gradebook``). The calls take an
HTTP session limited to the registration's own hosts and an access token for the
right scope (see ``service_hosts``).

When a launch carries no line item of its own but the platform lets the tool manage
columns, the tool finds its column by ``resourceLinkId``/``resourceId``/``tag`` and
creates it when missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests
from sqlalchemy.orm import Session

from ..http import EgressPolicy
from .paging import pages
from .service_hosts import connector_for
from .vocabulary import MediaType, Scope

MAX_PAGES = 50


@dataclass(frozen=True)
class WantedLineItem:
    """A column to find by ``resourceId`` (and link and tag when given); ``create``: make
    it when it is missing (only for the placement's own column)."""

    resource_link_id: str | None
    resource_id: str
    label: str
    tag: str | None
    score_maximum: float = 100.0
    create: bool = True


@dataclass(frozen=True)
class Result:
    """One learner's grade in a column, as the platform reports it."""

    user_id: str
    score: float | None
    maximum: float | None

    @property
    def percent(self) -> float | None:
        """The grade as 0-100 (the tool's scale); the score itself without a maximum."""
        if self.score is None:
            return None
        return self.score if not self.maximum else 100.0 * self.score / self.maximum


def lineitem_service_url(lineitem_url: str, service: str) -> str:
    """A line item's ``scores`` or ``results`` endpoint: its path plus ``/<service>``, with
    the line item URL's query kept (AGS 2.0, sections 3.3 and 3.4)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + service))


def list_lineitems(http: requests.Session, token: str, lineitems_url: str,
                   params: dict[str, str] | None = None) -> list[dict]:
    """Every line item of a course's container (all pages), filtered by ``params`` when
    the platform applies them. Needs :attr:`Scope.LINEITEM` or its read-only form."""
    return _all_items(http, lineitems_url, token, MediaType.LINEITEM_CONTAINER, params)


def find_or_create_lineitem(http: requests.Session, token: str, lineitems_url: str,
                            wanted: WantedLineItem) -> str | None:
    """The URL of the column for ``wanted``; ``None`` when there is none and ``wanted``
    may not be created. Needs :attr:`Scope.LINEITEM`. Raises ``requests.RequestException``."""
    params = {"resource_id": wanted.resource_id}
    if wanted.tag:
        params["tag"] = wanted.tag
    if wanted.resource_link_id:
        params["resource_link_id"] = wanted.resource_link_id
    # Only a column whose resourceId is the item: never trust the filter to be applied.
    for item in list_lineitems(http, token, lineitems_url, params):
        if item.get("resourceId") == wanted.resource_id and item.get("id"):
            return str(item["id"])
    if not wanted.create:
        return None
    body = {"scoreMaximum": wanted.score_maximum, "label": wanted.label,
            "resourceId": wanted.resource_id, "tag": wanted.tag}
    if wanted.resource_link_id:
        body["resourceLinkId"] = wanted.resource_link_id
    created = http.post(lineitems_url, json=body,
                        headers={"Authorization": f"Bearer {token}",
                                 "Content-Type": MediaType.LINEITEM, "Accept": MediaType.LINEITEM})
    created.raise_for_status()
    return str(created.json()["id"])


def post_score(http: requests.Session, token: str, lineitem_url: str, score: dict) -> requests.Response:
    """Send one score to a column; the answer is the caller's to judge (``409``: the platform
    has a newer one). Needs :attr:`Scope.SCORE`."""
    return http.post(lineitem_service_url(lineitem_url, "scores"), json=score,
                     headers={"Authorization": f"Bearer {token}", "Content-Type": MediaType.SCORE})


def fetch_results(http: requests.Session, token: str, lineitem_url: str,
                  user_id: str | None = None) -> list[Result]:
    """The column's results (all pages; one learner's with ``user_id``). Needs
    :attr:`Scope.RESULT_READONLY`."""
    rows = _all_items(http, lineitem_service_url(lineitem_url, "results"), token,
                      MediaType.RESULT_CONTAINER, {"user_id": user_id} if user_id else None)
    return [Result(str(row.get("userId")), _number(row.get("resultScore")),
                   _number(row.get("resultMaximum"))) for row in rows]


def read_results(session: Session, registration_id: int, lineitem_url: str, egress: EgressPolicy,
                 user_id: str | None = None) -> dict[str, float | None]:
    """The platform's results for a line item: user id -> resultScore (scaled to the item)."""
    connector = connector_for(session, registration_id, egress)
    token = connector.get_access_token([Scope.RESULT_READONLY])
    return {result.user_id: result.score
            for result in fetch_results(connector.http, token, lineitem_url, user_id)}


def _all_items(http: requests.Session, url: str, token: str, media_type: str,
               params: dict[str, str] | None) -> list[dict]:
    """The objects of every page of an AGS container (each page is a JSON array)."""
    items: list[dict] = []
    for page in pages(http, url, token, media_type, MAX_PAGES, params):
        if not isinstance(page, list):
            raise ValueError(f"{media_type} is not a JSON array")
        items += [item for item in page if isinstance(item, dict)]
    return items


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
