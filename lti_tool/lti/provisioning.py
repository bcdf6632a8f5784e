"""Turn a validated id_token into our records: learner, context, resource link and
the LaunchSession that the launch token points to.

Learner, context and resource link are each one ``INSERT .. ON CONFLICT DO UPDATE``:
a whole class opening a new course at the same moment all get in, and nobody's
single-use login is spent on a duplicate-key error (issue 11).
"""

from __future__ import annotations

import functools
import secrets
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, bindparam, insert, null, or_, select, true, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ..branding import looks_like_host
from ..grading.rules import policy_from_custom
from ..launch_context import Launch
from ..models import CourseContext, LaunchSession, Learner, Organisation, ResourceLink, utcnow
from ..models.upsert import on_conflict_update, upsert_columns
from ..xapi.origin import LaunchFacts
from . import claim_values
from .tool_conf import RegistrationRecord
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


LEARNER_CONFLICT = ("organisation_id", "issuer", "sub")
LEARNER_REFRESH = ("name", "email")
CONTEXT_CONFLICT = ("registration_id", "context_id")
CONTEXT_REFRESH = ("title", "label")
LINK_CONFLICT = ("registration_id", "resource_link_id")
LINK_REFRESH = ("title", "content_item_id", "lineitem_url")
LINK_REPLACE = ("context_id", "grading")


def learner_values(registration: RegistrationFacts, body: dict[str, Any]) -> dict[str, Any]:
    return {"organisation_id": registration.organisation_id, "issuer": registration.issuer,
            "sub": str(body["sub"]), "name": display_name(body),
            "email": claim_values.email(body.get("email"))}


def context_values(registration: RegistrationFacts, body: dict[str, Any]) -> dict[str, Any] | None:
    """The course context's columns, or ``None`` when the launch names none."""
    claim = body.get(Claim.CONTEXT)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    return {"registration_id": registration.id, "context_id": str(claim["id"]),
            "title": claim_values.text(claim.get("title"), claim_values.TITLE_MAX),
            "label": claim_values.text(claim.get("label"), claim_values.LABEL_MAX)}


def link_values(registration: RegistrationFacts, context_id: int | None,
                body: dict[str, Any]) -> dict[str, Any] | None:
    """The resource link's columns, or ``None`` when the launch names none."""
    claim = body.get(Claim.RESOURCE_LINK)
    if not isinstance(claim, dict) or not claim.get("id"):
        return None
    custom = body.get(Claim.CUSTOM)
    ags = body.get(Claim.AGS_ENDPOINT)
    content_item = custom.get(CONTENT_ITEM_PARAM) if isinstance(custom, dict) else None
    lineitem = ags.get("lineitem") if isinstance(ags, dict) else None
    return {"registration_id": registration.id, "resource_link_id": str(claim["id"]),
            "context_id": context_id,
            "title": claim_values.text(claim.get("title"), claim_values.LINK_TITLE_MAX),
            "content_item_id": _string(content_item), "lineitem_url": _string(lineitem),
            "grading": policy_from_custom(custom)}


def upsert_learner(session: Session, registration: RegistrationFacts, body: dict[str, Any]) -> Any:
    """The learner of this organisation with this ``sub``; name and email as last sent.
    Returns its ``id``, ``name`` and ``email``."""
    return upsert_columns(session, Learner, learner_values(registration, body), LEARNER_CONFLICT,
                          ("id", "name", "email"), refresh=LEARNER_REFRESH)


def upsert_context(session: Session, registration: RegistrationFacts,
                   body: dict[str, Any]) -> int | None:
    """The course context's id, or ``None`` when the launch names none."""
    values = context_values(registration, body)
    if values is None:
        return None
    return upsert_columns(session, CourseContext, values, CONTEXT_CONFLICT, ("id",),
                          refresh=CONTEXT_REFRESH).id


def upsert_resource_link(session: Session, registration: RegistrationFacts,
                         context_id: int | None, body: dict[str, Any]) -> Any:
    """The resource link's ``id`` and ``content_item_id``, or ``None`` when the launch names none."""
    values = link_values(registration, context_id, body)
    if values is None:
        return None
    return upsert_columns(session, ResourceLink, values, LINK_CONFLICT, ("id", "content_item_id"),
                          refresh=LINK_REFRESH, replace=LINK_REPLACE)


def remember_platform_name(session: Session, registration: RegistrationFacts,
                           body: dict[str, Any], known: str | None = None) -> None:
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


class RecordedLaunch(NamedTuple):
    """The launch as the pages will see it, and the learner's email as stored now (for an
    xAPI actor that names the learner)."""

    launch: Launch
    email: str | None


def record_launch(session: Session, registration: RegistrationFacts, body: dict[str, Any],
                  expires_at: datetime, platform_name: str | None = None) -> RecordedLaunch:
    """Write the launch's rows in ``session`` (the caller commits): learner, context and
    resource link (one upsert each) and the LaunchSession, with plain statements (no ORM
    objects, no flush, no re-read). On PostgreSQL the four are one statement
    (data-modifying CTEs), one round trip."""
    remember_platform_name(session, registration, body, platform_name)
    ags = _dict_or_none(body.get(Claim.AGS_ENDPOINT))
    nrps = body.get(Claim.NRPS) or {}
    presentation = body.get(Claim.LAUNCH_PRESENTATION) or {}
    roles = [str(role) for role in body.get(Claim.ROLES) or []]
    values: dict[str, Any] = {
        "id": secrets.token_urlsafe(24),
        "registration_id": registration.id,
        "deployment_id": str(body[Claim.DEPLOYMENT_ID]),
        "message_type": str(body[Claim.MESSAGE_TYPE]),
        "roles": roles,
        "ags": ags,
        "nrps_url": _string(nrps.get("context_memberships_url")) if isinstance(nrps, dict) else None,
        "return_url": _string(presentation.get("return_url")) if isinstance(presentation, dict) else None,
        "locale": launch_locale(body),
        "deep_linking": _dict_or_none(body.get(Claim.DEEP_LINKING_SETTINGS)),
        "expires_at": expires_at,
    }
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        learner_id, name, email, context_id, link_id, content_item_id = _write_in_one_statement(
            connection, registration, body, values)
    else:
        learner = upsert_learner(session, registration, body)
        context_id = upsert_context(session, registration, body)
        link = upsert_resource_link(session, registration, context_id, body)
        learner_id, name, email = learner.id, learner.name, learner.email
        link_id, content_item_id = (link.id, link.content_item_id) if link else (None, None)
        connection.execute(_INSERT_LAUNCH, {**values, "learner_id": learner_id,
                                            "context_id": context_id, "resource_link_id": link_id})
    ags_values = ags or {}
    return RecordedLaunch(Launch(
        session_id=values["id"], learner_id=learner_id, organisation_id=registration.organisation_id,
        registration_id=registration.id, deployment_id=values["deployment_id"],
        context_id=context_id, resource_link_id=link_id,
        content_item_id=content_item_id, roles=tuple(roles),
        display_name=name, ags_lineitem=ags_values.get("lineitem"),
        ags_scopes=tuple(ags_values.get("scope") or ()), nrps_url=values["nrps_url"],
        locale=values["locale"], ags_lineitems=ags_values.get("lineitems")), email)


def _write_in_one_statement(connection: Connection, registration: RegistrationFacts,
                            body: dict[str, Any], values: dict[str, Any]) -> Any:
    """Learner, context and link upserted and the launch session inserted in one PostgreSQL
    statement; returns (learner id, name and email, context id, link id, link's content item).
    Each upsert is the same ``INSERT .. ON CONFLICT DO UPDATE`` as on its own, so a class
    launching at once gets one row each, no duplicate-key error; the launch session's foreign
    keys are checked at the end of the statement, after the rows it names are written."""
    context = context_values(registration, body)
    link = link_values(registration, None, body)
    learner = learner_values(registration, body)
    params = {"now": utcnow(), **{"l_" + key: value for key, value in learner.items()},
              **{"s_" + key: value for key, value in values.items()}}
    if context is not None:
        params.update({"c_" + key: value for key, value in context.items()})
    if link is not None:
        params.update({"k_" + key: value for key, value in link.items() if key != "context_id"})
    return connection.execute(_one_statement(context is not None, link is not None), params).one()


def _upsert_cte(table: Any, prefix: str, names: tuple[str, ...], conflict: tuple[str, ...],
                refresh: tuple[str, ...], replace: tuple[str, ...], returning: tuple[str, ...],
                name: str, **fixed: Any) -> Any:
    statement = postgresql.insert(table).values(
        {**{column: bindparam(prefix + column, type_=table.c[column].type) for column in names},
         "created_at": bindparam("now", type_=table.c.created_at.type), **fixed})
    return (on_conflict_update(statement, table, conflict, refresh, replace)
            .returning(*(table.c[column] for column in returning)).cte(name))


@functools.cache
def _one_statement(with_context: bool, with_link: bool) -> Any:
    """The launch's four writes as one statement, for each shape (with or without context and
    link); built once, run with bound values."""
    learner = _upsert_cte(Learner.__table__, "l_", ("organisation_id", "issuer", "sub", "name", "email"),
                          LEARNER_CONFLICT, LEARNER_REFRESH, (), ("id", "name", "email"), "learner")
    context = (_upsert_cte(CourseContext.__table__, "c_", ("registration_id", "context_id", "title", "label"),
                           CONTEXT_CONFLICT, CONTEXT_REFRESH, (), ("id",), "context")
               if with_context else None)
    context_id = select(context.c.id).scalar_subquery() if context is not None else null()
    link = (_upsert_cte(ResourceLink.__table__, "k_",
                        ("registration_id", "resource_link_id", "title", "content_item_id",
                         "lineitem_url", "grading"),
                        LINK_CONFLICT, LINK_REFRESH, LINK_REPLACE, ("id", "content_item_id"), "link",
                        context_id=context_id)
            if with_link else None)
    sessions: Any = LaunchSession.__table__
    names = ("id", "registration_id", "deployment_id", "message_type", "roles", "ags", "nrps_url",
             "return_url", "locale", "deep_linking", "expires_at")
    launch = (postgresql.insert(sessions).values(
        {**{column: bindparam("s_" + column, type_=sessions.c[column].type) for column in names},
         "created_at": bindparam("now", type_=sessions.c.created_at.type),
         "learner_id": select(learner.c.id).scalar_subquery(), "context_id": context_id,
         "resource_link_id": select(link.c.id).scalar_subquery() if link is not None else null()})
        .returning(sessions.c.learner_id, sessions.c.context_id, sessions.c.resource_link_id)
        .cte("launch"))
    joined = launch.join(learner, true())
    if link is not None:
        joined = joined.join(link, true())
    content_item_id = link.c.content_item_id if link is not None else null()
    return select(launch.c.learner_id, learner.c.name, learner.c.email, launch.c.context_id,
                  launch.c.resource_link_id, content_item_id).select_from(joined)


def launch_facts(registration: RegistrationRecord, body: dict[str, Any], launch: Launch,
                 email: str | None) -> LaunchFacts:
    """What an xAPI statement says of this launch, from the launch just recorded (the same
    values the statement's builder would read back from its rows)."""
    context = body.get(Claim.CONTEXT) if launch.context_id is not None else None
    link = body.get(Claim.RESOURCE_LINK) if launch.resource_link_id is not None else None
    return LaunchFacts(
        sub=str(body["sub"]), name=launch.display_name, email=email, issuer=registration.issuer,
        slug=registration.organisation_slug,
        context_id=str(context["id"]) if isinstance(context, dict) else None,
        resource_link_id=str(link["id"]) if isinstance(link, dict) else None)


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
