"""Sending queued xAPI statements to an organisation's LRS, many per request.

Statement ids are fixed when a statement is queued, so a batch sent twice (after a
worker crash or a lost response) is stored once: the LRS either ignores the known
ids or answers 409, which for our own ids means "already stored".

The statements arrive as the JSON text the outbox holds (``Claim.statement``, read by
the claim itself); a batch is that text joined into one JSON array. Nothing is parsed,
validated or serialised again per statement: each was built as valid xAPI when it was
queued (``lti_tool.xapi.statements``), and the outbox keeps it unchanged.
"""

from __future__ import annotations

from dataclasses import replace

import requests
from sqlalchemy.orm import Session

from ..http import OutboundSession, failure_reason
from ..models import LrsSettings, utcnow
from ..xapi.lrs_config import LrsCredentials, SecretUnreadableError, credentials
from ..xapi.vocabulary import XAPI_VERSION
from .claims import Claim
from .context import DeliveryContext
from .outcome import DELIVERED, HELD, REJECTED, RETRY, Outcome, is_transient, retry_after_seconds

# A batch answered with one of these may hold one bad or known statement: send singly.
SEND_SINGLY_ON = {400, 409}
# Too large for the LRS (or a proxy before it): send it again in halves, each halved again
# while still too large (a 200-statement batch behind a 50-statement limit: 7 POSTs, not 201).
# The outcomes carry the size that fitted, so the worker's next batches go in one POST of it.
PAYLOAD_TOO_LARGE = 413
UNREADABLE = "Het statement in de wachtrij is onleesbaar."


def deliver_statements(session: Session, claims: list[Claim], context: DeliveryContext) -> list[Outcome]:
    """Deliver statements that share one target (one organisation's LRS)."""
    organisation_id = claims[0].organisation_id
    row = session.get(LrsSettings, organisation_id) if organisation_id is not None else None
    if row is None or not row.enabled:
        return [Outcome(HELD, "Het LRS van deze organisatie staat uit; het statement wacht.")] * len(claims)
    try:
        lrs = credentials(row, context.secret_key)
    except SecretUnreadableError:
        return [Outcome(HELD, "Het LRS-secret is niet te ontsleutelen (SECRET_KEY gewijzigd?); "
                              "stel het opnieuw in.")] * len(claims)
    readable = [claim.statement for claim in claims if claim.statement]
    sent = iter(_send(context.http, lrs, readable) if readable else [])
    outcomes = [next(sent) if claim.statement else Outcome(REJECTED, UNREADABLE) for claim in claims]
    if any(outcome.status == HELD for outcome in outcomes):
        row.credentials_rejected_at = row.credentials_rejected_at or utcnow()
    elif row.credentials_rejected_at is not None and any(outcome.status == DELIVERED
                                                         for outcome in outcomes):
        row.credentials_rejected_at = None
    return outcomes


def json_array(statements: list[str]) -> bytes:
    """The statements' JSON texts as one JSON array, without parsing them."""
    return ("[" + ",".join(statements) + "]").encode()


def _send(http: OutboundSession, lrs: LrsCredentials, statements: list[str],
          split: bool = False) -> list[Outcome]:
    """``split``: part of a batch that was too large; an answer then says this size fitted."""
    try:
        response = http.post(lrs.statements_url, data=json_array(statements), auth=(lrs.key, lrs.secret),
                             headers={"X-Experience-API-Version": XAPI_VERSION,
                                      "Content-Type": "application/json"})
    except requests.RequestException as exc:
        return [Outcome(RETRY, f"LRS onbereikbaar: {failure_reason(exc)}")] * len(statements)
    if response.status_code == PAYLOAD_TOO_LARGE and len(statements) > 1:
        half = len(statements) // 2
        return _send(http, lrs, statements[:half], True) + _send(http, lrs, statements[half:], True)
    answer = interpret(response)
    if response.status_code in SEND_SINGLY_ON and len(statements) > 1:
        outcomes = [_send(http, lrs, [statement])[0] for statement in statements]
    else:
        outcomes = [answer] * len(statements)
    if split and answer.receiver_answered and response.status_code != PAYLOAD_TOO_LARGE:
        return [replace(outcome, fitted=len(statements)) for outcome in outcomes]
    return outcomes


def interpret(response: requests.Response) -> Outcome:
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(DELIVERED)
    if status == 409:
        return Outcome(DELIVERED, "Het LRS had dit statement al (409).")
    if status in (401, 403):
        return Outcome(HELD, f"Het LRS weigert de inloggegevens ({status}): controleer key en "
                             "secret. De statements blijven bewaard.")
    if is_transient(status):
        return Outcome(RETRY, f"LRS antwoordde {status}.", retry_after_seconds(response.headers))
    return Outcome(REJECTED, f"LRS weigerde het statement ({status}).")
