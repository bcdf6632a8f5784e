"""pylti1p3 tool configuration read from the database instead of a JSON file."""

from __future__ import annotations

import functools
from typing import Any

from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from ..models import Deployment, LrsSettings, PlatformRegistration, ToolKey
from .keys import ensure_tool_key


class ToolRegistration(Registration):
    """A pylti1p3 registration that also knows its database row and our key.

    The tool's key is read only when something is signed (a deep-linking answer, a
    service token): a login or a launch only verifies, so it never loads the key.
    """

    def __init__(self, row: PlatformRegistration, session: Session) -> None:
        super().__init__()
        self.row_id = row.id
        self.organisation_id = row.organisation_id
        self._session = session
        self._key: ToolKey | None = None
        (self.set_issuer(row.issuer).set_client_id(row.client_id)
         .set_auth_login_url(row.auth_login_url).set_auth_token_url(row.auth_token_url)
         .set_key_set_url(row.jwks_url))
        if row.auth_audience:
            self.set_auth_audience(row.auth_audience)

    def _tool_key(self) -> ToolKey:
        if self._key is None:
            self._key = ensure_tool_key(self._session)
        return self._key

    def get_kid(self) -> str | None:
        return self._tool_key().kid

    def get_tool_private_key(self) -> str | None:
        return self._tool_key().private_pem


def load_registration(session: Session, row: PlatformRegistration) -> ToolRegistration:
    return ToolRegistration(row, session)


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Instance attribute: the base class keeps a class-level dict shared by everyone.
        self.issuers_relation_types = {}
        # One lookup per request: the conf lives as long as the request, so an operator's
        # change is seen by the next request (no cache to invalidate across requests).
        self._rows: dict[tuple[str, str | None], PlatformRegistration | None] = {}
        self._lrs: dict[int, LrsSettings | None] = {}  # by registration id, read with it
        self._kept: list[object] = []  # the session holds its objects weakly

    @property
    def session(self) -> Session:
        return self._session

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def registration_row(self, iss: str, client_id: str | None) -> PlatformRegistration | None:
        """The active registration, read once per request with what a launch needs of it:
        its deployments, its organisation and the organisation's LRS settings (xAPI)."""
        key = (iss, client_id)
        if key not in self._rows:
            self._rows[key] = self._select_registration(iss, client_id)
        return self._rows[key]

    def _select_registration(self, iss: str, client_id: str | None) -> PlatformRegistration | None:
        params = {"iss": iss, "client_id": client_id} if client_id else {"iss": iss}
        rows = self._session.execute(_registration_query(bool(client_id)), params).unique().all()
        self._kept.extend(rows)
        for registration, lrs in rows:
            self._lrs[registration.id] = lrs
        # Without a client_id (allowed in the login request) the issuer must be unambiguous.
        return rows[0][0] if len(rows) == 1 else None

    def lrs_enabled(self, registration: PlatformRegistration) -> bool:
        """Whether the registration's organisation has an enabled LRS, as read with it."""
        lrs = self._lrs.get(registration.id)
        return lrs is not None and lrs.enabled

    def issuer_known(self, iss: str) -> bool:
        return self._session.execute(
            select(PlatformRegistration.id).where(PlatformRegistration.issuer == iss,
                                                  PlatformRegistration.active.is_(True))
        ).first() is not None

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        return self.find_registration_by_params(iss, None, *args, **kwargs)  # type: ignore[arg-type]

    def find_registration_by_params(self, iss: str, client_id: str, *args: Any,
                                    **kwargs: Any) -> Registration:
        row = self.registration_row(iss, client_id)
        return load_registration(self._session, row) if row else None  # type: ignore[return-value]

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)  # type: ignore[arg-type]

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str,
                                  *args: Any, **kwargs: Any) -> LtiDeployment | None:
        row = self.deployment_row(iss, deployment_id, client_id)
        return LtiDeployment().set_deployment_id(row.deployment_id) if row else None

    def deployment_row(self, iss: str, deployment_id: str,
                       client_id: str | None) -> Deployment | None:
        """The active deployment, from the registration read for this request."""
        registration = self.registration_row(iss, client_id)
        if registration is None:
            return None
        return next((row for row in registration.deployments
                     if row.deployment_id == deployment_id and row.active), None)

    def stored_deployment(self, registration_id: int, deployment_id: str) -> Deployment | None:
        """The active deployment as stored now (after another request may have added it)."""
        return self._session.execute(
            select(Deployment).where(Deployment.registration_id == registration_id,
                                     Deployment.deployment_id == deployment_id,
                                     Deployment.active.is_(True))
        ).scalar()


@functools.cache
def _registration_query(by_client_id: bool) -> Select:
    """The registration with its deployments, organisation and LRS settings, by issuer (and
    client id); built once, run with bound values (building it cost more than running it)."""
    query = (select(PlatformRegistration, LrsSettings)
             .outerjoin(LrsSettings, LrsSettings.organisation_id == PlatformRegistration.organisation_id)
             .where(PlatformRegistration.issuer == bindparam("iss"), PlatformRegistration.active.is_(True))
             .options(joinedload(PlatformRegistration.organisation),
                      joinedload(PlatformRegistration.deployments)))
    if by_client_id:
        query = query.where(PlatformRegistration.client_id == bindparam("client_id"))
    return query
