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

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..marker import N_
from ..models import as_utc, utcnow
from ..models.samenleer import SamenleerInvite, SamenleerTrack

INVITE_DAYS = 14
CLAIMED_DAYS = 365
GUEST_SESSION_SECONDS = 2 * 3600
SECRET_BYTES = 24
GUEST_PARAM = "gt"
GUEST_COOKIE = "samenleer_gast"


def _invite_serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="samenleer-invite")


def _guest_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="samenleer-guest")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


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
    secret = secrets.token_urlsafe(SECRET_BYTES)
    invite = SamenleerInvite(track=track, secret_hash=_hash(secret),
                             expires_at=now + timedelta(days=INVITE_DAYS))
    session.add(invite)
    session.flush()
    return _invite_serializer(secret_key).dumps([invite.id, secret])


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
    try:
        invite_id, secret = _invite_serializer(secret_key).loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise _gone() from exc
    invite = session.get(SamenleerInvite, invite_id) if isinstance(invite_id, int) else None
    if invite is None or not isinstance(secret, str) or not hmac.compare_digest(
            invite.secret_hash, _hash(secret)):
        raise _gone()
    if invite.revoked_at is not None:
        raise ProblemError(410, N_("Deze link is ingetrokken"),
                           N_("Vraag je begeleider om een nieuwe link."), check="samenleer_invite_revoked")
    if as_utc(invite.expires_at) <= utcnow():
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
