"""Who did it and where: the actor and context every statement of one launch shares.

The actor is pseudonymous unless the organisation opted in to identify learners:
``account.homePage`` is the LTI platform's issuer and ``account.name`` is
HMAC-SHA256 of the learner's ``sub`` under a key derived from ``SECRET_KEY``, so the
LRS can follow one learner over time without learning who they are.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from ..content import get_course
from ..content.model import Course
from ..launch_context import Launch
from ..models import CourseContext, Learner, Organisation, PlatformRegistration, ResourceLink
from ..settings import Settings
from . import vocabulary as v
from .keys import ACTOR_PSEUDONYM, derive_key


@dataclass(frozen=True)
class Origin:
    base_url: str
    course: Course
    actor: dict
    registration: str
    session: str  # a UUID for this launch (the video profile's session-id)
    extensions: dict


@lru_cache(maxsize=4096)
def pseudonym(secret_key: str, sub: str) -> str:
    return hmac.new(derive_key(secret_key, ACTOR_PSEUDONYM), sub.encode(), hashlib.sha256).hexdigest()


def actor(sub: str, name: str | None, email: str | None, issuer: str, alias: str,
          identify: bool) -> dict:
    """The pseudonymous account (``alias`` = :func:`pseudonym`), or the learner by name."""
    if not identify:
        return {"objectType": "Agent", "account": {"homePage": issuer, "name": alias}}
    named = {"objectType": "Agent", "name": name} if name else {"objectType": "Agent"}
    if email:
        return {**named, "mbox": f"mailto:{email}"}
    return {**named, "account": {"homePage": issuer, "name": sub}}


@dataclass(frozen=True)
class LaunchFacts:
    """Who launched and from where, as the statements name them: the learner's ``sub``, name
    and email, the registration's issuer, the organisation's slug, and the platform's own ids
    of the launch's course context and resource link (``None`` when it named none)."""

    sub: str
    name: str | None
    email: str | None
    issuer: str
    slug: str
    context_id: str | None
    resource_link_id: str | None


def _facts(session: Session, launch: Launch) -> LaunchFacts:
    """Everything the statements need from the database.

    Read by primary key, so rows the request already holds (the launch's learner,
    registration, organisation, context and link: loaded with the launch token, or just
    written by the launch) cost no query. The launch's rows must agree on the
    organisation and registration, as a join on them would demand.
    """
    learner = session.get(Learner, launch.learner_id)
    registration = session.get(PlatformRegistration, launch.registration_id)
    if learner is None or registration is None or registration.organisation_id != learner.organisation_id:
        raise NoResultFound("the launch's learner and registration do not belong together")
    organisation = session.get(Organisation, learner.organisation_id)
    assert organisation is not None  # a foreign key of both
    context = session.get(CourseContext, launch.context_id) if launch.context_id is not None else None
    link = session.get(ResourceLink, launch.resource_link_id) if launch.resource_link_id is not None else None
    return LaunchFacts(
        sub=learner.sub, name=learner.name, email=learner.email, issuer=registration.issuer,
        slug=organisation.slug,
        context_id=context.context_id if context and context.registration_id == registration.id else None,
        resource_link_id=(link.resource_link_id if link and link.registration_id == registration.id
                          else None))


def origin_for(session: Session, launch: Launch, settings: Settings, *, identify: bool) -> Origin:
    return origin_from(launch, _facts(session, launch), settings, identify=identify)


def origin_from(launch: Launch, facts: LaunchFacts, settings: Settings, *, identify: bool) -> Origin:
    """The origin from facts the caller already holds (the launch itself: no query)."""
    ext = {
        v.EXT_PLATFORM: facts.issuer,
        v.EXT_DEPLOYMENT: launch.deployment_id,
        v.EXT_ORGANISATION: facts.slug,
    }
    if facts.context_id is not None:
        ext[v.EXT_CONTEXT] = facts.context_id
    if facts.resource_link_id is not None:
        ext[v.EXT_RESOURCE_LINK] = facts.resource_link_id
    # One registration per learner per placement (as cmi5 has one per enrolment),
    # derived from the keyed pseudonym so it reveals nothing about the learner.
    alias = pseudonym(settings.secret_key, facts.sub)
    seed = "|".join([alias, facts.issuer, launch.deployment_id, facts.context_id or "",
                     facts.resource_link_id or ""])
    return Origin(
        base_url=settings.base_url,
        course=get_course(settings),
        actor=actor(facts.sub, facts.name, facts.email, facts.issuer, alias, identify),
        registration=_name_uuid(seed),
        session=_name_uuid(f"{settings.base_url}/launch/{launch.session_id}"),
        extensions={v.extension_iri(settings.base_url, name): value for name, value in ext.items()},
    )


@lru_cache(maxsize=4096)
def _name_uuid(name: str) -> str:
    """A name-based UUID (v5, URL namespace); the same learner's pages ask for the same ones."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))
