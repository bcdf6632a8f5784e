"""Turn a validated id_token into our records: learner, context, resource link and
the LaunchSession that the launch token points to."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..grading.rules import policy_from_custom
from ..models import CourseContext, LaunchSession, Learner, PlatformRegistration, ResourceLink
from . import claims

CONTENT_ITEM_PARAM = "content_item"


def display_name(body: dict[str, Any]) -> str | None:
    """The name as the platform sends it; ``None`` when it sends none (neutral greeting)."""
    name = (body.get("name") or "").strip()
    if not name:
        name = " ".join(part for part in (body.get("given_name"), body.get("family_name")) if part)
    return name.strip() or None


def upsert_learner(session: Session, registration: PlatformRegistration,
                   body: dict[str, Any]) -> Learner:
    learner = session.execute(select(Learner).where(
        Learner.issuer == registration.issuer, Learner.sub == str(body["sub"]))).scalar()
    if learner is None:
        learner = Learner(organisation_id=registration.organisation_id, issuer=registration.issuer,
                          sub=str(body["sub"]))
        session.add(learner)
    learner.name = display_name(body) or learner.name
    learner.email = body.get("email") or learner.email
    return learner


def upsert_context(session: Session, registration: PlatformRegistration,
                   body: dict[str, Any]) -> CourseContext | None:
    claim = body.get(claims.CONTEXT)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    context = session.execute(select(CourseContext).where(
        CourseContext.registration_id == registration.id,
        CourseContext.context_id == str(claim["id"]))).scalar()
    if context is None:
        context = CourseContext(registration_id=registration.id, context_id=str(claim["id"]))
        session.add(context)
    context.title = claim.get("title") or context.title
    context.label = claim.get("label") or context.label
    return context


def upsert_resource_link(session: Session, registration: PlatformRegistration,
                         context: CourseContext | None, body: dict[str, Any]) -> ResourceLink | None:
    claim = body.get(claims.RESOURCE_LINK)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    link = session.execute(select(ResourceLink).where(
        ResourceLink.registration_id == registration.id,
        ResourceLink.resource_link_id == str(claim["id"]))).scalar()
    if link is None:
        link = ResourceLink(registration_id=registration.id, resource_link_id=str(claim["id"]))
        session.add(link)
    link.context = context
    link.title = claim.get("title") or link.title
    custom = body.get(claims.CUSTOM) or {}
    if isinstance(custom, dict) and custom.get(CONTENT_ITEM_PARAM):
        link.content_item_id = str(custom[CONTENT_ITEM_PARAM])
    link.grading = policy_from_custom(custom)
    ags = body.get(claims.AGS_ENDPOINT) or {}
    if isinstance(ags, dict) and ags.get("lineitem"):
        link.lineitem_url = str(ags["lineitem"])
    return link


def record_launch(session: Session, registration: PlatformRegistration, body: dict[str, Any],
                  expires_at: datetime) -> LaunchSession:
    """Create the launch's rows in ``session`` (the caller commits)."""
    learner = upsert_learner(session, registration, body)
    context = upsert_context(session, registration, body)
    link = upsert_resource_link(session, registration, context, body)
    session.flush()
    ags = body.get(claims.AGS_ENDPOINT)
    nrps = body.get(claims.NRPS) or {}
    presentation = body.get(claims.LAUNCH_PRESENTATION) or {}
    row = LaunchSession(
        id=secrets.token_urlsafe(24),
        learner_id=learner.id,
        registration_id=registration.id,
        deployment_id=str(body[claims.DEPLOYMENT_ID]),
        context_id=context.id if context else None,
        resource_link_id=link.id if link else None,
        message_type=str(body[claims.MESSAGE_TYPE]),
        roles=[str(role) for role in body.get(claims.ROLES) or []],
        ags=_dict_or_none(ags),
        nrps_url=nrps.get("context_memberships_url") if isinstance(nrps, dict) else None,
        return_url=presentation.get("return_url") if isinstance(presentation, dict) else None,
        locale=launch_locale(body),
        deep_linking=_dict_or_none(body.get(claims.DEEP_LINKING_SETTINGS)),
        expires_at=expires_at,
    )
    session.add(row)
    return row


def launch_locale(body: dict[str, Any]) -> str | None:
    """launch_presentation.locale, else Canvas's custom user_locale."""
    presentation = body.get(claims.LAUNCH_PRESENTATION) or {}
    custom = body.get(claims.CUSTOM) or {}
    locale = (presentation.get("locale") if isinstance(presentation, dict) else None) or (
        custom.get("user_locale") if isinstance(custom, dict) else None)
    if not isinstance(locale, str) or not locale or locale.startswith("$"):
        return None
    return locale[:35]


def _dict_or_none(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None
