"""Invite links for the guided person, and the guest session that follows the personal code.

An invite token is ``itsdangerous``-signed ``[invite id, secret]`` with a 192-bit random
secret; the database keeps only SHA-256 of the secret. The signature rejects forged
tokens before any lookup; the hash binds the token to one invite, and so to one track.
An unused invite expires after ``INVITE_DAYS``; once the code is set it stays valid for
``CLAIMED_DAYS`` after the last visit. A new invite revokes the old ones and resets the code.

The guest session token (``gt``) is a timed signature over the invite id: it works
only with the invite in the same URL, only while that invite is valid.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..invite_links import EXPIRED, REVOKED, InviteLinks, link_state, secret_matches
from ..marker import N_
from ..models import as_utc, utcnow
from ..models.samenleer import SamenleerInvite, SamenleerTrack

INVITE_DAYS = 14
CLAIMED_DAYS = 365
GUEST_SESSION_SECONDS = 2 * 3600
LINKS = InviteLinks(salt="samenleer-invite")
GUEST_PARAM = "gt"
GUEST_COOKIE = "samenleer_gast"


def _guest_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="samenleer-guest")


def revoke_invites(track: SamenleerTrack, now: datetime | None = None) -> None:
    now = now or utcnow()
    for invite in track.invites:
        if invite.revoked_at is None:
            invite.revoked_at = now


def create_invite(session: Session, track: SamenleerTrack, secret_key: str) -> str:
    """A new invite for ``track`` (older ones revoked, the code reset); returns its token."""
    now = utcnow()
    revoke_invites(track, now)
    track.code_hash = None
    secret, hashed = LINKS.new_secret()
    invite = SamenleerInvite(track=track, secret_hash=hashed,
                             expires_at=now + timedelta(days=INVITE_DAYS))
    session.add(invite)
    session.flush()
    return LINKS.token(secret_key, invite.id, secret)


def active_invite(track: SamenleerTrack) -> SamenleerInvite | None:
    now = utcnow()
    return next((i for i in reversed(track.invites)
                 if i.revoked_at is None and as_utc(i.expires_at) > now), None)


def _gone() -> ProblemError:
    return ProblemError(404, N_("Deze link werkt niet"),
                        N_("Controleer of je de hele link hebt overgenomen, of vraag je begeleider "
                           "om een nieuwe link."), check="samenleer_invite")


def resolve_invite(session: Session, token: str, secret_key: str) -> SamenleerInvite:
    """The valid invite behind ``token``, or a readable error (404 unknown, 410 ended)."""
    parsed = LINKS.parse(secret_key, token)
    invite = session.get(SamenleerInvite, parsed[0]) if parsed else None
    if invite is None or parsed is None or not secret_matches(invite.secret_hash, parsed[1]):
        raise _gone()
    state = link_state(invite.revoked_at, invite.expires_at)
    if state == REVOKED:
        raise ProblemError(410, N_("Deze link is ingetrokken"),
                           N_("Vraag je begeleider om een nieuwe link."), check="samenleer_invite_revoked")
    if state == EXPIRED:
        raise ProblemError(410, N_("Deze link is verlopen"),
                           N_("Vraag je begeleider om een nieuwe link."), check="samenleer_invite_expired")
    return invite


def claim(invite: SamenleerInvite) -> None:
    """The code is set or entered: keep the link working for a year after this visit."""
    now = utcnow()
    invite.claimed_at = invite.claimed_at or now
    invite.expires_at = now + timedelta(days=CLAIMED_DAYS)


def issue_guest_token(invite: SamenleerInvite, secret_key: str) -> str:
    return _guest_serializer(secret_key).dumps({"i": invite.id})


def guest_token_valid(token: str | None, invite: SamenleerInvite, secret_key: str) -> bool:
    if not token:
        return False
    try:
        data = _guest_serializer(secret_key).loads(token, max_age=GUEST_SESSION_SECONDS)
    except (SignatureExpired, BadSignature):
        return False
    return isinstance(data, dict) and data.get("i") == invite.id and invite.claimed_at is not None
