"""The tools the devlms can launch, each under its own client_id.

The built-in tool (``werkbegeleiding-tool``, deployment ``"1"``) always exists and
follows the settings. Tools added through Dynamic Registration live in
``devlms_tools``; they start ``pending`` and launch only once an admin activates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from lti_tool.settings import Settings

from . import urls
from .canvas_mode import BEHAVIOURS, MOODLE
from .constants import CLIENT_ID, DEPLOYMENT_ID, GRANTABLE_SCOPES, TOOL_CONFIGURATION
from .models import DevTool

BUILTIN_NAME = "Werkbegeleiding (ingebouwd)"
ACTIVE = "active"
PENDING = "pending"
STATUS_LABELS = {ACTIVE: "Actief", PENDING: "In afwachting van activering"}


@dataclass(frozen=True)
class ToolRecord:
    client_id: str
    deployment_id: str
    name: str
    status: str
    login_url: str
    target_link_uri: str
    deep_link_uri: str
    redirect_uris: tuple[str, ...]
    jwks_uri: str
    scopes: frozenset[str]
    builtin: bool = False
    # The tool-wide custom parameters of its registration (placements add their own).
    custom: dict[str, str] = field(default_factory=dict)
    behaviour: str = MOODLE
    # Canvas mode: the placements Canvas derived from the registration's messages.
    placements: tuple[dict, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the tool's login URL: where its frames live."""
        return origin_of(self.login_url)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def behaviour_label(self) -> str:
        return BEHAVIOURS.get(self.behaviour, self.behaviour)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def builtin_tool(settings: Settings) -> ToolRecord:
    launch = urls.tool_launch_url(settings)
    return ToolRecord(client_id=CLIENT_ID, deployment_id=DEPLOYMENT_ID, name=BUILTIN_NAME,
                      status=ACTIVE, login_url=urls.tool_login_url(settings),
                      target_link_uri=launch, deep_link_uri=launch, redirect_uris=(launch,),
                      jwks_uri=urls.tool_jwks_url(settings), scopes=GRANTABLE_SCOPES,
                      builtin=True)


def record_of(row: DevTool) -> ToolRecord:
    return ToolRecord(client_id=row.client_id, deployment_id=row.deployment_id, name=row.name,
                      status=row.status, login_url=row.initiate_login_uri,
                      target_link_uri=row.target_link_uri,
                      deep_link_uri=row.deep_link_uri or row.target_link_uri,
                      redirect_uris=tuple(row.redirect_uris or ()), jwks_uri=row.jwks_uri,
                      scopes=frozenset(row.scopes or ()) & GRANTABLE_SCOPES,
                      custom=_tool_custom(row.registration), behaviour=row.behaviour or MOODLE,
                      placements=tuple(row.placements or ()))


def _tool_custom(registration: dict | None) -> dict[str, str]:
    config = (registration or {}).get(TOOL_CONFIGURATION) or {}
    custom = config.get("custom_parameters") if isinstance(config, dict) else None
    return dict(custom) if isinstance(custom, dict) else {}


def find_tool(session: Session, settings: Settings, client_id: str | None) -> ToolRecord | None:
    """The tool registered under ``client_id``; None (or "") is the built-in tool."""
    if not client_id or client_id == CLIENT_ID:
        return builtin_tool(settings)
    row = session.get(DevTool, client_id)
    return record_of(row) if row is not None else None


def all_tools(session: Session, settings: Settings) -> list[ToolRecord]:
    rows = session.scalars(select(DevTool).order_by(DevTool.created_at, DevTool.client_id))
    return [builtin_tool(settings), *(record_of(row) for row in rows)]


def active_tools(session: Session, settings: Settings) -> list[ToolRecord]:
    return [tool for tool in all_tools(session, settings) if tool.active]
