"""Register the devlms with the tool the way its operator adds any LMS.

It calls the tool's public registration function (what ``lti-tool platforms add`` runs)
and never touches the tool's tables itself.
"""

from __future__ import annotations

from lti_tool.db import Database
from lti_tool.lti.registrations import NewRegistration, add_registration
from lti_tool.settings import Settings

from . import urls
from .constants import CLIENT_ID, DEPLOYMENT_ID, ORGANISATION_NAME, ORGANISATION_SLUG, PLATFORM_NAME


def devlms_registration(settings: Settings) -> NewRegistration:
    """What an operator would type into ``lti-tool platforms add`` for this devlms."""
    return NewRegistration(
        organisation_slug=ORGANISATION_SLUG, organisation_name=ORGANISATION_NAME,
        name=PLATFORM_NAME, issuer=urls.issuer(settings), client_id=CLIENT_ID,
        auth_login_url=urls.auth_url(settings), auth_token_url=urls.token_url(settings),
        jwks_url=urls.jwks_url(settings), deployment_ids=(DEPLOYMENT_ID,))


def register_devlms(db: Database, settings: Settings) -> None:
    """Add (or bring up to date) the tool's registration of this devlms, deployment ``"1"``.

    Idempotent: the tool keys a registration by issuer and client_id, so a restart
    updates it; a devlms under a new ``devlms_base_url`` is a new issuer and gets a
    registration of its own, as a moved Moodle would.
    """
    with db.session() as session:
        add_registration(session, devlms_registration(settings))
