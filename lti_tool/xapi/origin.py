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

from sqlalchemy import Row, and_, select
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


def _facts(session: Session, launch: Launch) -> Row:
    """Everything the statements need from the database, in one query."""
    return session.execute(
        select(Learner.sub, Learner.name, Learner.email, PlatformRegistration.issuer,
               Organisation.slug, CourseContext.context_id, ResourceLink.resource_link_id)
        .select_from(Learner)
        .join(Organisation, Organisation.id == Learner.organisation_id)
        .join(PlatformRegistration, and_(PlatformRegistration.id == launch.registration_id,
                                         PlatformRegistration.organisation_id == Organisation.id))
        .outerjoin(CourseContext, and_(CourseContext.id == launch.context_id,
                                       CourseContext.registration_id == PlatformRegistration.id))
        .outerjoin(ResourceLink, and_(ResourceLink.id == launch.resource_link_id,
                                      ResourceLink.registration_id == PlatformRegistration.id))
        .where(Learner.id == launch.learner_id)).one()


def origin_for(session: Session, launch: Launch, settings: Settings, *, identify: bool) -> Origin:
    facts = _facts(session, launch)
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
        registration=str(uuid.uuid5(uuid.NAMESPACE_URL, seed)),
        session=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.base_url}/launch/{launch.session_id}")),
        extensions={v.extension_iri(settings.base_url, name): value for name, value in ext.items()},
    )
