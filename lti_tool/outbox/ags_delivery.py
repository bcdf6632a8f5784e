"""Delivering one queued AGS score: when it may go, where (which column), and what the
platform's answer means for the message (delivered, superseded, skipped, retry, rejected).

The AGS calls themselves (the column, the score) are built by :mod:`lti_tool.lti.ags`.
"""

from __future__ import annotations

import requests
from pylti1p3.exception import LtiServiceException
from sqlalchemy.orm import Session

from ..content_items import TAG
from ..grading.columns import FOUND, known_column, remember_column_apart
from ..http import EgressRefusedError, failure_reason
from ..lti.ags import WantedLineItem, find_or_create_lineitem, post_score
from ..lti.service_auth import CachingServiceConnector
from ..lti.service_hosts import connector_for, service_session
from ..lti.vocabulary import Scope
from ..models import OutboxMessage, PlatformRegistration, ResourceLink
from .context import DeliveryContext
from .outcome import (
    DELIVERED,
    REJECTED,
    RETRY,
    SKIPPED,
    SUPERSEDED,
    Outcome,
    is_transient,
    retry_after_seconds,
)

NO_COLUMN = ("De cursus heeft geen cijferkolom voor dit onderdeel; er is niets geschreven. "
             "Het telt alleen mee als het via een eigen activiteit wordt geopend.")


def deliver_ags_scores(session: Session, messages: list[OutboxMessage],
                       context: DeliveryContext) -> list[Outcome]:
    """Scores go one per request: AGS has no batch endpoint."""
    return [deliver_ags_score(session, message, context) for message in messages]


def deliver_ags_score(session: Session, message: OutboxMessage, context: DeliveryContext) -> Outcome:
    """What is stored in ``last_error`` is fixed text plus a status: never the platform's answer."""
    registration_row = session.get(PlatformRegistration, message.registration_id)
    if registration_row is None or not registration_row.active:
        return Outcome(REJECTED, "De registratie van dit platform bestaat niet meer of staat uit.")
    http = service_session(registration_row, context.http.policy)
    connector = connector_for(session, registration_row.id, http.policy, http)
    try:
        for url in (message.payload.get("lineitem"), (message.payload.get("find_lineitem") or {}).get(
                "lineitems")):
            if url:
                http.policy.check_url(url)  # before anything is sent, the token request too
        token = connector.get_access_token([Scope.SCORE])
    except EgressRefusedError as exc:
        return Outcome(REJECTED, exc.reason)
    except LtiServiceException as exc:
        return Outcome(RETRY, f"Geen toegangstoken van het platform: HTTP {exc.response.status_code}")
    except requests.RequestException as exc:
        return Outcome(RETRY, f"Tokenendpoint onbereikbaar: {failure_reason(exc)}")
    if not message.payload.get("lineitem"):
        try:
            found = resolve_lineitem(session, message, connector)
        except EgressRefusedError as exc:
            return Outcome(REJECTED, exc.reason)
        except (requests.RequestException, LtiServiceException, KeyError, ValueError) as exc:
            return Outcome(RETRY, f"Cijferkolom niet gevonden of aangemaakt: {failure_reason(exc)}")
        if not found:
            return Outcome(SKIPPED, NO_COLUMN)
    try:
        response = post_score(connector.http, token, message.payload["lineitem"], message.payload["score"])
    except EgressRefusedError as exc:
        return Outcome(REJECTED, exc.reason)
    except requests.RequestException as exc:
        return Outcome(RETRY, f"Platform onbereikbaar: {failure_reason(exc)}")
    return interpret(response, connector)


def resolve_lineitem(session: Session, message: OutboxMessage, connector: CachingServiceConnector) -> bool:
    """Find the item's column (or create the placement's own), and remember it.

    ``False`` when the course has no column for the item and none may be created:
    then nothing is written anywhere (see :mod:`lti_tool.grading.columns`).
    """
    wanted = message.payload["find_lineitem"]
    create = wanted.get("create", True)
    context_id = wanted.get("context")
    known = known_column(session, context_id, wanted["resource_id"]) if context_id else None
    if not create and known is not None and known.state == FOUND:
        url: str | None = known.lineitem_url
    else:
        url = find_or_create_lineitem(
            connector.http, connector.get_access_token([Scope.LINEITEM]), wanted["lineitems"],
            WantedLineItem(resource_link_id=wanted.get("resource_link_id"),
                           resource_id=wanted["resource_id"], label=wanted["label"],
                           tag=TAG if create else None, create=create))
        if context_id:
            remember_column_apart(session, context_id, wanted["resource_id"], url, keep_found=create)
    if url is None:
        return False
    if wanted.get("resource_link"):
        link = session.get(ResourceLink, wanted["resource_link"])
        if link is not None:
            link.lineitem_url = url
    message.payload = {**message.payload, "lineitem": url}
    return True


def interpret(response: requests.Response, connector: CachingServiceConnector) -> Outcome:
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(DELIVERED)
    if status == 409:
        return Outcome(SUPERSEDED, "Het platform heeft al een nieuwere score (409).")
    if status == 401:
        connector.forget_tokens()
        return Outcome(RETRY, "Toegangstoken geweigerd (401); een nieuw token wordt gevraagd.")
    if is_transient(status):
        return Outcome(RETRY, f"Platform antwoordde {status}.", retry_after_seconds(response.headers))
    return Outcome(REJECTED, f"Platform weigerde de score ({status}).")
