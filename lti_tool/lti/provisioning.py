"""Turn a validated id_token into our records: learner, context, resource link and
the LaunchSession that the launch token points to.

Learner, context and resource link are each one ``INSERT .. ON CONFLICT DO UPDATE``:
a whole class opening a new course at the same moment all get in, and nobody's
single-use login is spent on a duplicate-key error (issue 11).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from ..branding import looks_like_host
from ..grading.rules import policy_from_custom
from ..models import CourseContext, LaunchSession, Learner, Organisation, PlatformRegistration, ResourceLink
from ..models.upsert import upsert
from . import claim_values
from .vocabulary import CONTENT_ITEM_PARAM, Claim

PLATFORM_NAME_MAX = claim_values.column_length(Organisation.platform_name)


def display_name(body: dict[str, Any]) -> str | None:
    """The name as the platform sends it; ``None`` when it sends none (neutral greeting)."""
    name = claim_values.text(body.get("name"), claim_values.NAME_MAX)
    if not name:
        parts = (claim_values.text(body.get(key), claim_values.NAME_MAX)
                 for key in ("given_name", "family_name"))
        name = claim_values.text(" ".join(part for part in parts if part), claim_values.NAME_MAX)
    return name


def upsert_learner(session: Session, registration: PlatformRegistration,
                   body: dict[str, Any]) -> Learner:
    """The learner of this organisation with this ``sub``; name and email as last sent."""
    return upsert(session, Learner, {
        "organisation_id": registration.organisation_id, "issuer": registration.issuer,
        "sub": str(body["sub"]), "name": display_name(body),
        "email": claim_values.email(body.get("email"))},
        ("organisation_id", "issuer", "sub"), refresh=("name", "email"))


def upsert_context(session: Session, registration: PlatformRegistration,
                   body: dict[str, Any]) -> CourseContext | None:
    claim = body.get(Claim.CONTEXT)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    return upsert(session, CourseContext, {
        "registration_id": registration.id, "context_id": str(claim["id"]),
        "title": claim_values.text(claim.get("title"), claim_values.TITLE_MAX),
        "label": claim_values.text(claim.get("label"), claim_values.LABEL_MAX)},
        ("registration_id", "context_id"), refresh=("title", "label"))


def upsert_resource_link(session: Session, registration: PlatformRegistration,
                         context: CourseContext | None, body: dict[str, Any]) -> ResourceLink | None:
    claim = body.get(Claim.RESOURCE_LINK)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    custom = body.get(Claim.CUSTOM)
    ags = body.get(Claim.AGS_ENDPOINT)
    content_item = custom.get(CONTENT_ITEM_PARAM) if isinstance(custom, dict) else None
    lineitem = ags.get("lineitem") if isinstance(ags, dict) else None
    return upsert(session, ResourceLink, {
        "registration_id": registration.id, "resource_link_id": str(claim["id"]),
        "context_id": context.id if context else None,
        "title": claim_values.text(claim.get("title"), claim_values.LINK_TITLE_MAX),
        "content_item_id": _string(content_item), "lineitem_url": _string(lineitem),
        "grading": policy_from_custom(custom)},
        ("registration_id", "resource_link_id"),
        refresh=("title", "content_item_id", "lineitem_url"), replace=("context_id", "grading"))


def remember_platform_name(session: Session, registration: PlatformRegistration,
                           body: dict[str, Any]) -> None:
    """The name the platform gives itself (``tool_platform.name``, e.g. Moodle's site name):
    the organisation's name in every header until a display name is set. A host name is no
    name and is not kept. Written only when it changed, so launches do not queue on the row."""
    claim = body.get(Claim.TOOL_PLATFORM)
    name = claim_values.text(claim.get("name"), PLATFORM_NAME_MAX) if isinstance(claim, dict) else None
    if not name or looks_like_host(name):
        return
    session.execute(
        update(Organisation)
        .where(Organisation.id == registration.organisation_id,
               or_(Organisation.platform_name.is_(None), Organisation.platform_name != name))
        .values(platform_name=name))


def record_launch(session: Session, registration: PlatformRegistration, body: dict[str, Any],
                  expires_at: datetime) -> LaunchSession:
    """Create the launch's rows in ``session`` (the caller commits)."""
    remember_platform_name(session, registration, body)
    learner = upsert_learner(session, registration, body)
    context = upsert_context(session, registration, body)
    link = upsert_resource_link(session, registration, context, body)
    ags = body.get(Claim.AGS_ENDPOINT)
    nrps = body.get(Claim.NRPS) or {}
    presentation = body.get(Claim.LAUNCH_PRESENTATION) or {}
    row = LaunchSession(
        id=secrets.token_urlsafe(24),
        learner=learner,
        registration=registration,
        deployment_id=str(body[Claim.DEPLOYMENT_ID]),
        context=context,
        resource_link=link,
        message_type=str(body[Claim.MESSAGE_TYPE]),
        roles=[str(role) for role in body.get(Claim.ROLES) or []],
        ags=_dict_or_none(ags),
        nrps_url=_string(nrps.get("context_memberships_url")) if isinstance(nrps, dict) else None,
        return_url=_string(presentation.get("return_url")) if isinstance(presentation, dict) else None,
        locale=launch_locale(body),
        deep_linking=_dict_or_none(body.get(Claim.DEEP_LINKING_SETTINGS)),
        expires_at=expires_at,
    )
    session.add(row)
    return row


def launch_locale(body: dict[str, Any]) -> str | None:
    """launch_presentation.locale, else Canvas's custom user_locale."""
    presentation = body.get(Claim.LAUNCH_PRESENTATION) or {}
    custom = body.get(Claim.CUSTOM) or {}
    locale = (presentation.get("locale") if isinstance(presentation, dict) else None) or (
        custom.get("user_locale") if isinstance(custom, dict) else None)
    if not isinstance(locale, str) or not locale or locale.startswith("$"):
        return None
    return claim_values.text(locale, claim_values.LOCALE_MAX)


def _string(value: Any) -> str | None:
    """An identifier or URL claim (its length is checked in launch validation)."""
    return str(value) if value not in (None, "") and not isinstance(value, (dict, list)) else None


def _dict_or_none(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None
