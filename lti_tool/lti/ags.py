"""Assignment and Grade Services 2.0: line items and results (scores go through the outbox).

When a launch carries no line item of its own but the platform lets the tool manage
columns, the tool finds its column by ``resourceLinkId``/``resourceId``/``tag`` and
creates it when missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..http import EgressPolicy
from ..models import PlatformRegistration
from .service_auth import CachingServiceConnector
from .service_hosts import service_session
from .tool_conf import load_registration

LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
RESULT_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
LINEITEM_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS_MEDIA_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"


@dataclass(frozen=True)
class WantedLineItem:
    resource_link_id: str | None
    resource_id: str
    label: str
    tag: str
    score_maximum: float = 100.0


def connector_for(session: Session, registration_id: int, egress: EgressPolicy) -> CachingServiceConnector:
    """A service connector that may call only the registration's own hosts."""
    registration = session.get(PlatformRegistration, registration_id)
    assert registration is not None
    return CachingServiceConnector(load_registration(session, registration),
                                   service_session(registration, egress))


def find_or_create_lineitem(session: Session, registration_id: int, lineitems_url: str,
                            wanted: WantedLineItem, egress: EgressPolicy) -> str:
    """The URL of the tool's column for ``wanted``; raises ``requests.RequestException``."""
    connector = connector_for(session, registration_id, egress)
    token = connector.get_access_token([LINEITEM_SCOPE])
    headers = {"Authorization": f"Bearer {token}"}
    params = {"resource_id": wanted.resource_id, "tag": wanted.tag}
    if wanted.resource_link_id:
        params["resource_link_id"] = wanted.resource_link_id
    found = connector.http.get(lineitems_url, params=params,
                               headers={**headers, "Accept": CONTAINER_MEDIA_TYPE})
    found.raise_for_status()
    for item in found.json():
        if item.get("resourceId") == wanted.resource_id and item.get("id"):
            return str(item["id"])
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


def read_results(session: Session, registration_id: int, lineitem_url: str, egress: EgressPolicy,
                 user_id: str | None = None) -> dict[str, float | None]:
    """The platform's results for a line item: user id -> resultScore (scaled to the item)."""
    connector = connector_for(session, registration_id, egress)
    token = connector.get_access_token([RESULT_SCOPE])
    response = connector.http.get(results_url(lineitem_url), params={"user_id": user_id} if user_id else None,
                                  headers={"Authorization": f"Bearer {token}", "Accept": RESULTS_MEDIA_TYPE})
    response.raise_for_status()
    return {str(item.get("userId")): item.get("resultScore") for item in response.json()}
