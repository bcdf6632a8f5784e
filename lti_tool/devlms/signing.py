"""Python API for the tool's test suite: sign (possibly broken) launches with the devlms key."""

from __future__ import annotations

import time
import typing as t

from lti1p3platform.registration import Registration

from ..db import Database
from ..settings import Settings
from .keys import ensure_key, public_key_set
from .launch import ID_TOKEN_SECONDS, DevLmsLaunch
from .models import DevUser
from .platform import DevLmsPlatform
from .seed import default_placement, placement_by_link
from .toolkeys import ToolKeyCache


def sign_id_token(db: Database, settings: Settings, claims: dict, *, kid: str | None = None,
                  headers: dict | None = None) -> str:
    """RS256-sign ``claims`` as they are (no iat/exp added) with the devlms key.

    ``kid`` overrides the header's kid (to name an unknown key); ``headers`` are
    merged into the JWT header last.
    """
    with db.session() as session:
        key = ensure_key(session)
        header: dict[str, t.Any] = {"kid": kid or key.kid}
        header.update(headers or {})
        return Registration.encode_and_sign(dict(claims), key.private_pem, headers=header)


def standard_launch_claims(db: Database, settings: Settings, *, user: str = "devlms-learner-1",
                           placement: str | None = None, nonce: str) -> dict:
    """The claims the auth endpoint would sign for ``user`` launching ``placement``.

    ``placement`` is a resource link id; None means the course's first placement.
    """
    with db.session() as session:
        person = session.get(DevUser, user)
        if person is None:
            raise ValueError(f"unknown devlms user {user!r}")
        link = (placement_by_link(session, placement) if placement
                else default_placement(session))
        if link is None:
            raise ValueError(f"unknown devlms placement {placement!r}")
        platform = DevLmsPlatform(session=session, settings=settings, tool_keys=ToolKeyCache())
        launch = DevLmsLaunch(None, platform)
        launch.configure(person, link)
        claims = launch.get_launch_message()
    now = int(time.time())
    claims.update({"nonce": nonce, "iat": now, "exp": now + ID_TOKEN_SECONDS})
    return claims


def devlms_jwks(db: Database) -> dict:
    """The devlms's public JWK set, as served at ``/devlms/jwks``."""
    with db.session() as session:
        ensure_key(session)
        return public_key_set(session)
