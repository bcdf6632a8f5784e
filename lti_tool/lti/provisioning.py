"""Turn a validated id_token into our records: learner, context, resource link and
the LaunchSession that the launch token points to.

Learner, context and resource link are each one ``INSERT .. ON CONFLICT DO UPDATE``:
a whole class opening a new course at the same moment all get in, and nobody's
single-use login is spent on a duplicate-key error (issue 11).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import insert, or_, update
from sqlalchemy.orm import Session

from ..branding import looks_like_host
from ..grading.rules import policy_from_custom
from ..launch_context import Launch
from ..models import CourseContext, LaunchSession, Learner, Organisation, ResourceLink
from ..models.upsert import upsert, upsert_columns
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


class RegistrationFacts(Protocol):
    """What a launch's records need of its registration (a row or a ``PlatformRegistration``)."""

    @property
    def id(self) -> int: ...

    @property
    def organisation_id(self) -> int: ...

    @property
    def issuer(self) -> str: ...


def _upsert(session: Session, model: type, values: dict[str, Any], conflict: tuple[str, ...],
            returning: tuple[str, ...], keep: list[object] | None, **changes: tuple[str, ...]) -> Any:
    """A row with the ``returning`` columns, or with ``keep`` the ORM object, left in the
    session's identity map (for the xAPI statement, which reads them) and appended to ``keep``
    (the identity map holds its objects weakly)."""
    if keep is not None:
        row: Any = upsert(session, model, values, conflict, **changes)
        keep.append(row)
        return row
    return upsert_columns(session, model, values, conflict, returning, **changes)


def upsert_learner(session: Session, registration: RegistrationFacts, body: dict[str, Any],
                   keep: list[object] | None = None) -> Any:
    """The learner of this organisation with this ``sub``; name and email as last sent.
    Returns its ``id`` and ``name``."""
    return _upsert(session, Learner, {
        "organisation_id": registration.organisation_id, "issuer": registration.issuer,
        "sub": str(body["sub"]), "name": display_name(body),
        "email": claim_values.email(body.get("email"))},
        ("organisation_id", "issuer", "sub"), ("id", "name"), keep, refresh=("name", "email"))


def upsert_context(session: Session, registration: RegistrationFacts,
                   body: dict[str, Any], keep: list[object] | None = None) -> int | None:
    """The course context's id, or ``None`` when the launch names none."""
    claim = body.get(Claim.CONTEXT)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    return _upsert(session, CourseContext, {
        "registration_id": registration.id, "context_id": str(claim["id"]),
        "title": claim_values.text(claim.get("title"), claim_values.TITLE_MAX),
        "label": claim_values.text(claim.get("label"), claim_values.LABEL_MAX)},
        ("registration_id", "context_id"), ("id",), keep, refresh=("title", "label")).id


def upsert_resource_link(session: Session, registration: RegistrationFacts,
                         context_id: int | None, body: dict[str, Any],
                         keep: list[object] | None = None) -> Any:
    """The resource link's ``id`` and ``content_item_id``, or ``None`` when the launch names none."""
    claim = body.get(Claim.RESOURCE_LINK)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    custom = body.get(Claim.CUSTOM)
    ags = body.get(Claim.AGS_ENDPOINT)
    content_item = custom.get(CONTENT_ITEM_PARAM) if isinstance(custom, dict) else None
    lineitem = ags.get("lineitem") if isinstance(ags, dict) else None
    return _upsert(session, ResourceLink, {
        "registration_id": registration.id, "resource_link_id": str(claim["id"]),
        "context_id": context_id,
        "title": claim_values.text(claim.get("title"), claim_values.LINK_TITLE_MAX),
        "content_item_id": _string(content_item), "lineitem_url": _string(lineitem),
        "grading": policy_from_custom(custom)},
        ("registration_id", "resource_link_id"), ("id", "content_item_id"), keep,
        refresh=("title", "content_item_id", "lineitem_url"), replace=("context_id", "grading"))


_UNKNOWN = object()


def remember_platform_name(session: Session, registration: RegistrationFacts,
                           body: dict[str, Any], known: object = _UNKNOWN) -> None:
    """The name the platform gives itself (``tool_platform.name``, e.g. Moodle's site name):
    the organisation's name in every header until a display name is set. A host name is no
    name and is not kept. Written only when it changed, so launches do not queue on the row;
    ``known``, the name this request read with the registration, spares the statement when
    it is the same."""
    claim = body.get(Claim.TOOL_PLATFORM)
    name = claim_values.text(claim.get("name"), PLATFORM_NAME_MAX) if isinstance(claim, dict) else None
    if not name or looks_like_host(name) or name == known:
        return
    session.execute(
        update(Organisation)
        .where(Organisation.id == registration.organisation_id,
               or_(Organisation.platform_name.is_(None), Organisation.platform_name != name))
        .values(platform_name=name))


_INSERT_LAUNCH = insert(LaunchSession.__table__)  # type: ignore[arg-type]


def record_launch(session: Session, registration: RegistrationFacts, body: dict[str, Any],
                  expires_at: datetime, platform_name: object = _UNKNOWN,
                  keep: list[object] | None = None) -> Launch:
    """Write the launch's rows in ``session`` (the caller commits): learner, context and
    resource link (one upsert each) and the LaunchSession, with plain statements (no ORM
    objects, no flush); returns the launch as the pages will see it. With a list ``keep``, learner,
    context and link are left in the session's identity map (and in ``keep``), for an xAPI
    statement."""
    remember_platform_name(session, registration, body, platform_name)
    learner = upsert_learner(session, registration, body, keep)
    context_id = upsert_context(session, registration, body, keep)
    link = upsert_resource_link(session, registration, context_id, body, keep)
    ags = _dict_or_none(body.get(Claim.AGS_ENDPOINT))
    nrps = body.get(Claim.NRPS) or {}
    presentation = body.get(Claim.LAUNCH_PRESENTATION) or {}
    roles = [str(role) for role in body.get(Claim.ROLES) or []]
    values = {
        "id": secrets.token_urlsafe(24),
        "learner_id": learner.id,
        "registration_id": registration.id,
        "deployment_id": str(body[Claim.DEPLOYMENT_ID]),
        "context_id": context_id,
        "resource_link_id": link.id if link else None,
        "message_type": str(body[Claim.MESSAGE_TYPE]),
        "roles": roles,
        "ags": ags,
        "nrps_url": _string(nrps.get("context_memberships_url")) if isinstance(nrps, dict) else None,
        "return_url": _string(presentation.get("return_url")) if isinstance(presentation, dict) else None,
        "locale": launch_locale(body),
        "deep_linking": _dict_or_none(body.get(Claim.DEEP_LINKING_SETTINGS)),
        "expires_at": expires_at,
    }
    session.connection().execute(_INSERT_LAUNCH, values)
    ags_values = ags or {}
    return Launch(
        session_id=values["id"], learner_id=learner.id, organisation_id=registration.organisation_id,
        registration_id=registration.id, deployment_id=values["deployment_id"],
        context_id=context_id, resource_link_id=values["resource_link_id"],
        content_item_id=link.content_item_id if link else None, roles=tuple(roles),
        display_name=learner.name, ags_lineitem=ags_values.get("lineitem"),
        ags_scopes=tuple(ags_values.get("scope") or ()), nrps_url=values["nrps_url"],
        locale=values["locale"], ags_lineitems=ags_values.get("lineitems"))


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
