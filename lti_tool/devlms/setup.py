"""Register the devlms in the TOOL's own tables, exactly as an admin would add Moodle."""

from __future__ import annotations

from sqlalchemy import select

from ..db import Database
from ..models import Deployment, Organisation, PlatformRegistration
from ..settings import Settings
from . import urls
from .constants import CLIENT_ID, DEPLOYMENT_ID, ORGANISATION_NAME, ORGANISATION_SLUG, PLATFORM_NAME


def register_devlms(db: Database, settings: Settings) -> None:
    """Create or update the devlms organisation, registration and deployment ``"1"``.

    Idempotent: a changed ``devlms_base_url`` updates the issuer and endpoint URLs of
    the existing registration instead of adding a second one.
    """
    with db.session() as session:
        organisation = session.scalars(
            select(Organisation).where(Organisation.slug == ORGANISATION_SLUG)).first()
        if organisation is None:
            organisation = Organisation(slug=ORGANISATION_SLUG, name=ORGANISATION_NAME)
            session.add(organisation)
            session.flush()
        registration = session.scalars(
            select(PlatformRegistration)
            .where(PlatformRegistration.organisation_id == organisation.id,
                   PlatformRegistration.client_id == CLIENT_ID)
            .order_by(PlatformRegistration.id)).first()
        if registration is None:
            # Someone (e.g. a seed command) may have registered this issuer already.
            registration = session.scalars(
                select(PlatformRegistration)
                .where(PlatformRegistration.issuer == urls.issuer(settings),
                       PlatformRegistration.client_id == CLIENT_ID)).first()
        if registration is None:
            registration = PlatformRegistration(organisation_id=organisation.id,
                                                client_id=CLIENT_ID, name=PLATFORM_NAME)
            session.add(registration)
        registration.issuer = urls.issuer(settings)
        registration.auth_login_url = urls.auth_url(settings)
        registration.auth_token_url = urls.token_url(settings)
        registration.jwks_url = urls.jwks_url(settings)
        registration.auth_audience = None
        registration.active = True
        session.flush()
        deployment = session.scalars(
            select(Deployment).where(Deployment.registration_id == registration.id,
                                     Deployment.deployment_id == DEPLOYMENT_ID)).first()
        if deployment is None:
            session.add(Deployment(registration_id=registration.id, deployment_id=DEPLOYMENT_ID))
        else:
            deployment.active = True
