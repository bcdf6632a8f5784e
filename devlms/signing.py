"""Python API for the tool's test suite: sign (possibly broken) launches with the devlms key."""

from __future__ import annotations

import time
import typing as t

from lti1p3platform.registration import Registration

from lti_tool.db import Database
from lti_tool.settings import Settings

from .constants import AGS_CLAIM, CLAIM, FACULTY_ROLE, INSTRUCTOR_ROLE, MEMBERSHIP, NRPS_CLAIM
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


NAME_CLAIMS = ("name", "given_name", "family_name", "middle_name")
# Valid launches the tool must accept, each differing from a standard launch in one way:
#   several_roles     instructor with four roles: Instructor, Faculty (institution),
#                     Mentor, and the sub-role Instructor#TeachingAssistant
#   short_role        instructor whose roles claim is ["Instructor"] (the short,
#                     deprecated but valid form of a context role)
#   unknown_role      learner with only "http://example.org/role#Astronaut"
#   no_role           learner with an empty roles claim [] (the claim is still there)
#   email_only        learner with email but none of name/given_name/family_name/middle_name
#   names_only        learner with name, given_name and family_name but no email
#   no_personal_data  learner with neither names nor email (only sub)
#   no_context        learner launch without the context claim, and without the AGS and
#                     NRPS claims (their URLs belong to the context)
LAUNCH_VARIANTS: dict[str, str] = {
    "several_roles": "devlms-instructor-1",
    "short_role": "devlms-instructor-1",
    "unknown_role": "devlms-learner-1",
    "no_role": "devlms-learner-1",
    "email_only": "devlms-learner-1",
    "names_only": "devlms-learner-1",
    "no_personal_data": "devlms-learner-1",
    "no_context": "devlms-learner-1",
}
SEVERAL_ROLES = [INSTRUCTOR_ROLE, FACULTY_ROLE, MEMBERSHIP + "Mentor",
                 "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"]
UNKNOWN_ROLE = "http://example.org/role#Astronaut"


def launch_claims_variant(db: Database, settings: Settings, variant: str, *, nonce: str,
                          placement: str | None = None) -> dict:
    """Claims of a valid launch in one of the ``LAUNCH_VARIANTS`` (see there), unsigned.

    The user is the variant's (an instructor or a learner); sign with ``sign_id_token``.
    """
    if variant not in LAUNCH_VARIANTS:
        raise ValueError(f"unknown launch variant {variant!r}; one of {sorted(LAUNCH_VARIANTS)}")
    claims = standard_launch_claims(db, settings, user=LAUNCH_VARIANTS[variant],
                                    placement=placement, nonce=nonce)
    roles = {"several_roles": SEVERAL_ROLES, "short_role": ["Instructor"],
             "unknown_role": [UNKNOWN_ROLE], "no_role": []}
    if variant in roles:
        claims[CLAIM + "roles"] = roles[variant]
    if variant in {"email_only", "no_personal_data"}:
        for name in NAME_CLAIMS:
            claims.pop(name, None)
    if variant in {"names_only", "no_personal_data"}:
        claims.pop("email", None)
    if variant == "no_context":
        for name in (CLAIM + "context", AGS_CLAIM, NRPS_CLAIM):
            claims.pop(name, None)
    return claims


def devlms_jwks(db: Database) -> dict:
    """The devlms's public JWK set, as served at ``/devlms/jwks``."""
    with db.session() as session:
        ensure_key(session)
        return public_key_set(session)
