"""Platform registrations: create, list and switch off (used by the CLI, the admin page
and dynamic registration)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import Deployment, Organisation, PlatformRegistration


@dataclass(frozen=True)
class NewRegistration:
    organisation_slug: str
    organisation_name: str
    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    jwks_url: str
    deployment_ids: tuple[str, ...] = ()
    auth_audience: str | None = None
    active: bool = True
    # No deployment known yet: the first launch's deployment is accepted (once).
    accept_first_deployment: bool = False
    # Hosts of the platform's AGS/NRPS services beyond its login, token and JWKS hosts.
    service_hosts: tuple[str, ...] = ()


class RegistrationExistsError(Exception):
    """A registration with this issuer and client_id exists and may not be changed."""


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "organisatie"


def find_or_create_organisation(session: Session, slug: str, name: str, *,
                                display_name: str | None = None) -> Organisation:
    """The organisation ``slug``; a new one is labelled ``name`` for the operator and shows
    ``display_name`` to people (``None``: the platform's own name, see :mod:`lti_tool.branding`)."""
    organisation = session.execute(select(Organisation).where(Organisation.slug == slug)).scalar()
    if organisation is None:
        organisation = Organisation(slug=slug, name=name, display_name=display_name)
        session.add(organisation)
        session.flush()
    return organisation


def add_registration(session: Session, new: NewRegistration, *,
                     update_existing: bool = True) -> PlatformRegistration:
    """Add a registration, or update the one with the same issuer and client_id.

    Only the operator updates (``lti-tool platforms add``); with ``update_existing=False``
    (dynamic registration) an existing one raises :class:`RegistrationExistsError`.
    """
    registration = session.execute(select(PlatformRegistration).where(
        PlatformRegistration.issuer == new.issuer,
        PlatformRegistration.client_id == new.client_id)).scalar()
    if registration is not None and not update_existing:
        raise RegistrationExistsError(new.issuer, new.client_id)
    organisation = find_or_create_organisation(session, new.organisation_slug, new.organisation_name)
    if registration is None:
        registration = PlatformRegistration(issuer=new.issuer, client_id=new.client_id,
                                            organisation_id=organisation.id)
        session.add(registration)
    registration.name = new.name
    registration.auth_login_url = new.auth_login_url
    registration.auth_token_url = new.auth_token_url
    registration.jwks_url = new.jwks_url
    registration.auth_audience = new.auth_audience
    registration.active = new.active
    registration.accept_first_deployment = new.accept_first_deployment and not new.deployment_ids
    registration.service_hosts = list(new.service_hosts)
    known = {d.deployment_id for d in registration.deployments}
    for deployment_id in new.deployment_ids:
        if deployment_id not in known:
            registration.deployments.append(Deployment(deployment_id=deployment_id))
    session.flush()
    return registration


def claim_first_deployment(session: Session, registration_id: int, deployment_id: str) -> bool:
    """Make ``deployment_id`` the registration's first deployment, if it still accepts one.

    One conditional UPDATE closes the flag: of two launches racing with different
    deployments only one wins; the other is refused (or, with the same deployment,
    finds it registered when the caller looks again).
    """
    closed = session.execute(
        update(PlatformRegistration)
        .where(PlatformRegistration.id == registration_id,
               PlatformRegistration.accept_first_deployment.is_(True))
        .values(accept_first_deployment=False)
        .execution_options(synchronize_session=False))
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.add(Deployment(registration_id=registration_id, deployment_id=deployment_id))
    session.flush()
    return True


def deployment_summary(registration: PlatformRegistration) -> str:
    """What an operator reads in ``platforms list``: the active deployments, or the open flag."""
    deployments = ", ".join(d.deployment_id for d in registration.deployments if d.active)
    if registration.accept_first_deployment:
        return (deployments + "; " if deployments else "") + "first launch's deployment is accepted"
    return deployments or "-"


def list_registrations(session: Session) -> list[PlatformRegistration]:
    return list(session.execute(select(PlatformRegistration).order_by(PlatformRegistration.id)).scalars())


def set_active(session: Session, issuer: str, client_id: str, active: bool) -> PlatformRegistration:
    registration = session.execute(select(PlatformRegistration).where(
        PlatformRegistration.issuer == issuer, PlatformRegistration.client_id == client_id)).scalar()
    if registration is None:
        raise LookupError(f"no registration for issuer {issuer} and client_id {client_id}")
    registration.active = active
    return registration
