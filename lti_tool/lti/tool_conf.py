"""pylti1p3 tool configuration read from the database instead of a JSON file."""

from __future__ import annotations

from typing import Any

from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Deployment, PlatformRegistration
from .keys import ensure_tool_key


class ToolRegistration(Registration):
    """A pylti1p3 registration that also knows its database row and our key id."""

    def __init__(self, row: PlatformRegistration, kid: str) -> None:
        super().__init__()
        self.row_id = row.id
        self.organisation_id = row.organisation_id
        self._kid = kid
        (self.set_issuer(row.issuer).set_client_id(row.client_id)
         .set_auth_login_url(row.auth_login_url).set_auth_token_url(row.auth_token_url)
         .set_key_set_url(row.jwks_url))
        if row.auth_audience:
            self.set_auth_audience(row.auth_audience)

    def get_kid(self) -> str | None:
        return self._kid


def load_registration(session: Session, row: PlatformRegistration) -> ToolRegistration:
    key = ensure_tool_key(session)
    registration = ToolRegistration(row, key.kid)
    registration.set_tool_private_key(key.private_pem)
    return registration


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Instance attribute: the base class keeps a class-level dict shared by everyone.
        self.issuers_relation_types = {}

    @property
    def session(self) -> Session:
        return self._session

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def registration_row(self, iss: str, client_id: str | None) -> PlatformRegistration | None:
        query = select(PlatformRegistration).where(PlatformRegistration.issuer == iss,
                                                   PlatformRegistration.active.is_(True))
        if client_id:
            query = query.where(PlatformRegistration.client_id == client_id)
        rows = self._session.execute(query).scalars().all()
        # Without a client_id (allowed in the login request) the issuer must be unambiguous.
        return rows[0] if len(rows) == 1 else None

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
        registration = self.registration_row(iss, client_id)
        if registration is None:
            return None
        return self._session.execute(
            select(Deployment).where(Deployment.registration_id == registration.id,
                                     Deployment.deployment_id == deployment_id,
                                     Deployment.active.is_(True))
        ).scalar()
