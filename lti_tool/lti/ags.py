"""Assignment and Grade Services 2.0: line items and results (scores go through the outbox).

When a launch carries no line item of its own but the platform lets the tool manage
columns, the tool finds its column by ``resourceLinkId``/``resourceId``/``tag`` and
creates it when missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from sqlalchemy.orm import Session

from ..http import EgressPolicy
from .nrps import next_link
from .service_hosts import connector_for

LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
RESULT_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
LINEITEM_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS_MEDIA_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
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


def find_or_create_lineitem(session: Session, registration_id: int, lineitems_url: str,
                            wanted: WantedLineItem, egress: EgressPolicy) -> str | None:
    """The URL of the column for ``wanted``; ``None`` when there is none and ``wanted``
    may not be created. Raises ``requests.RequestException``."""
    connector = connector_for(session, registration_id, egress)
    token = connector.get_access_token([LINEITEM_SCOPE])
    headers = {"Authorization": f"Bearer {token}"}
    params = {"resource_id": wanted.resource_id}
    if wanted.tag:
        params["tag"] = wanted.tag
    if wanted.resource_link_id:
        params["resource_link_id"] = wanted.resource_link_id
    found = connector.http.get(lineitems_url, params=params,
                               headers={**headers, "Accept": CONTAINER_MEDIA_TYPE})
    found.raise_for_status()
    # Only a column whose resourceId is the item: never trust the filter to be applied.
    for item in found.json():
        if item.get("resourceId") == wanted.resource_id and item.get("id"):
            return str(item["id"])
    if not wanted.create:
        return None
    body = {"scoreMaximum": wanted.score_maximum, "label": wanted.label,
            "resourceId": wanted.resource_id, "tag": wanted.tag}
    if wanted.resource_link_id:
        body["resourceLinkId"] = wanted.resource_link_id
    created = connector.http.post(lineitems_url, json=body,
                                  headers={**headers, "Content-Type": LINEITEM_MEDIA_TYPE,
                                           "Accept": LINEITEM_MEDIA_TYPE})
    created.raise_for_status()
    return str(created.json()["id"])


def results_url(lineitem_url: str) -> str:
    base, _, query = lineitem_url.partition("?")
    return base.rstrip("/") + "/results" + (f"?{query}" if query else "")


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


def get_all_pages(http: requests.Session, url: str, token: str, media_type: str,
                  params: dict | None = None) -> list[dict]:
    """Every item of a paged AGS container, following ``Link: rel="next"``."""
    items: list[dict] = []
    next_url: str | None = url
    for _page in range(MAX_PAGES):
        if next_url is None:
            break
        response = http.get(next_url, params=params,
                            headers={"Authorization": f"Bearer {token}", "Accept": media_type})
        params = None  # the next-page links carry their own
        response.raise_for_status()
        page = response.json()
        if not isinstance(page, list):
            raise ValueError(f"{media_type} is not a JSON array")
        items += [item for item in page if isinstance(item, dict)]
        next_url = next_link(response.headers.get("Link", ""))
    return items


def fetch_results(http: requests.Session, token: str, lineitem_url: str,
                  user_id: str | None = None) -> list[Result]:
    rows = get_all_pages(http, results_url(lineitem_url), token, RESULTS_MEDIA_TYPE,
                         {"user_id": user_id} if user_id else None)
    return [Result(str(row.get("userId")), _number(row.get("resultScore")),
                   _number(row.get("resultMaximum"))) for row in rows]


def read_results(session: Session, registration_id: int, lineitem_url: str, egress: EgressPolicy,
                 user_id: str | None = None) -> dict[str, float | None]:
    """The platform's results for a line item: user id -> resultScore (scaled to the item)."""
    connector = connector_for(session, registration_id, egress)
    token = connector.get_access_token([RESULT_SCOPE])
    return {result.user_id: result.score
            for result in fetch_results(connector.http, token, lineitem_url, user_id)}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
