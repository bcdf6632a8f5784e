"""Registration by invitation: a one-time link the operator makes for one organisation.

Dynamic registration registers nothing without one. The operator chooses the
organisation (new or existing); the LMS admin pastes the link as the tool URL, and
the LMS opens it as ``{BASE_URL}/lti/register/<token>?openid_configuration=…``. Only a
SHA-256 of the token is stored. The link is spent in the same transaction that stores
the registration, by an UPDATE that only an unused, unrevoked, unexpired row passes, so
two uses at the same moment give one registration.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..branding import looks_like_host
from ..errors import ProblemError
from ..i18n import N_
from ..models import RegistrationInvitation, as_utc, utcnow
from ..settings import Settings
from .registrations import find_or_create_organisation, slugify

REGISTER_PATH = "/lti/register"
DEFAULT_EXPIRES_HOURS = 72
MAX_EXPIRES_HOURS = 24 * 30
SERVICE_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")

OPEN, USED, REVOKED, EXPIRED = "open", "used", "revoked", "expired"
REFUSALS = {
    None: N_("Deze registratielink bestaat niet. Vraag de beheerder van de tool om een nieuwe "
             "registratielink."),
    USED: N_("Deze registratielink is al gebruikt. Vraag de beheerder van de tool om een nieuwe "
             "registratielink."),
    REVOKED: N_("Deze registratielink is ingetrokken. Vraag de beheerder van de tool om een nieuwe "
                "registratielink."),
    EXPIRED: N_("Deze registratielink is verlopen. Vraag de beheerder van de tool om een nieuwe "
                "registratielink."),
}


class InvitationRefusedError(ProblemError):
    def __init__(self, state: str | None) -> None:
        super().__init__(403, gettext(N_("Registratie niet gelukt")), gettext(REFUSALS[state]),
                         check="invitation")


class InvitationInputError(ValueError):
    """The operator's input for a new link is not usable (message for the operator)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(settings: Settings, token: str) -> str:
    return f"{settings.base_url}{REGISTER_PATH}/{token}"


def invitation_state(row: RegistrationInvitation, now: datetime | None = None) -> str:
    if row.used_at is not None:
        return USED
    if row.revoked_at is not None:
        return REVOKED
    if as_utc(row.expires_at) <= (now or utcnow()):
        return EXPIRED
    return OPEN


def create_invitation(session: Session, settings: Settings, *, organisation_slug: str,
                      organisation_name: str | None = None, expires_hours: float = DEFAULT_EXPIRES_HOURS,
                      service_hosts: tuple[str, ...] = (),
                      created_by: str) -> tuple[RegistrationInvitation, str]:
    """A new one-time link for ``organisation_slug`` (made when new); returns (row, URL).

    The URL holds the only copy of the token: show it once, never log it.
    """
    slug = organisation_slug.strip()
    if not slug or slugify(slug) != slug:
        raise InvitationInputError(
            "The organisation slug may hold only a-z, 0-9 and '-' (at most 60), e.g. 'roc-midden'.")
    if not 0 < expires_hours <= MAX_EXPIRES_HOURS:
        raise InvitationInputError(f"The link must expire within 0 to {MAX_EXPIRES_HOURS} hours.")
    hosts = [host.strip().lower() for host in service_hosts if host.strip()]
    if not all(SERVICE_HOST.fullmatch(host) for host in hosts):
        raise InvitationInputError("A service host is a host name, optionally with ':port'.")
    given = (organisation_name or "").strip()[:200]
    organisation = find_or_create_organisation(
        session, slug, given or slug, display_name=given if given and not looks_like_host(given) else None)
    token = secrets.token_urlsafe(32)
    row = RegistrationInvitation(token_hash=token_hash(token), organisation_id=organisation.id,
                                 created_by=created_by[:80], service_hosts=hosts,
                                 expires_at=utcnow() + timedelta(hours=expires_hours))
    session.add(row)
    session.flush()
    return row, invitation_url(settings, token)


def open_invitation(session: Session, token: str) -> RegistrationInvitation:
    """The unused, unexpired invitation for ``token``; refuses with a readable reason."""
    row = session.scalars(select(RegistrationInvitation)
                          .where(RegistrationInvitation.token_hash == token_hash(token))).first()
    state = invitation_state(row) if row is not None else None
    if row is None or state != OPEN:
        raise InvitationRefusedError(state)
    return row


def spend_invitation(session: Session, invitation_id: int) -> bool:
    """Mark the invitation used, if it still may be; False when another use came first."""
    now = utcnow()
    spent = session.execute(
        update(RegistrationInvitation)
        .where(RegistrationInvitation.id == invitation_id, RegistrationInvitation.used_at.is_(None),
               RegistrationInvitation.revoked_at.is_(None), RegistrationInvitation.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False))
    return spent.rowcount == 1  # type: ignore[attr-defined]


def revoke_invitation(session: Session, invitation_id: int) -> bool:
    """Revoke an unused invitation; False when it is unknown or already used or revoked."""
    revoked = session.execute(
        update(RegistrationInvitation)
        .where(RegistrationInvitation.id == invitation_id, RegistrationInvitation.used_at.is_(None),
               RegistrationInvitation.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return revoked.rowcount == 1  # type: ignore[attr-defined]


def list_invitations(session: Session) -> list[RegistrationInvitation]:
    return list(session.scalars(select(RegistrationInvitation)
                                .order_by(RegistrationInvitation.id.desc())))
