"""pylti1p3 tool configuration read from the database instead of a JSON file."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import Session

from ..models import Deployment, LrsSettings, Organisation, PlatformRegistration, ToolKey
from .keys import ensure_tool_key


class ToolRegistration(Registration):
    """A pylti1p3 registration that also knows its database row and our key.

    The tool's key is read only when something is signed (a deep-linking answer, a
    service token): a login or a launch only verifies, so it never loads the key.
    """

    def __init__(self, row: PlatformRegistration | RegistrationRecord, session: Session) -> None:
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


def load_registration(session: Session, row: PlatformRegistration | RegistrationRecord) -> ToolRegistration:
    return ToolRegistration(row, session)


@dataclass(frozen=True)
class RegistrationRecord:
    """What a login and a launch need of an active registration, read in one plain query:
    its endpoints, its active deployment ids, its organisation's slug and platform name, and
    whether the organisation has an enabled LRS (xAPI) and lets it identify learners."""

    id: int
    organisation_id: int
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    jwks_url: str
    auth_audience: str | None
    accept_first_deployment: bool
    platform_name: str | None
    lrs_enabled: bool
    deployments: frozenset[str]
    organisation_slug: str = ""
    lrs_identify_learners: bool = False


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Instance attribute: the base class keeps a class-level dict shared by everyone.
        self.issuers_relation_types = {}
        # One lookup per request: the conf lives as long as the request, so an operator's
        # change is seen by the next request. (Only the login may be handed a record from
        # its cache across requests: see registration_cache.py.)
        self._rows: dict[tuple[str, str | None], RegistrationRecord | None] = {}

    @property
    def session(self) -> Session:
        return self._session

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def registration_row(self, iss: str, client_id: str | None) -> RegistrationRecord | None:
        """The active registration, read once per request with what a launch needs of it."""
        key = (iss, client_id)
        if key not in self._rows:
            self._rows[key] = self._select_registration(iss, client_id)
        return self._rows[key]

    def use_record(self, iss: str, client_id: str | None, record: RegistrationRecord) -> None:
        """Answer for ``iss`` and ``client_id`` with ``record``, read before (the login's cache)."""
        self._rows[(iss, client_id)] = record

    def _select_registration(self, iss: str, client_id: str | None) -> RegistrationRecord | None:
        params = {"iss": iss, "client_id": client_id} if client_id else {"iss": iss}
        rows = self._session.connection().execute(_registration_query(bool(client_id)), params).all()
        # Without a client_id (allowed in the login request) the issuer must be unambiguous.
        if not rows or any(row.id != rows[0].id for row in rows):
            return None
        first = rows[0]
        return RegistrationRecord(
            id=first.id, organisation_id=first.organisation_id, issuer=first.issuer,
            client_id=first.client_id, auth_login_url=first.auth_login_url,
            auth_token_url=first.auth_token_url, jwks_url=first.jwks_url,
            auth_audience=first.auth_audience, accept_first_deployment=first.accept_first_deployment,
            platform_name=first.platform_name, lrs_enabled=bool(first.lrs_enabled),
            deployments=frozenset(row.deployment_id for row in rows if row.deployment_id is not None),
            organisation_slug=first.slug, lrs_identify_learners=bool(first.identify_learners))

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
        found = self.deployment_known(iss, deployment_id, client_id)
        return LtiDeployment().set_deployment_id(deployment_id) if found else None

    def deployment_known(self, iss: str, deployment_id: str, client_id: str | None) -> bool:
        """Whether the deployment is active, from the registration read for this request."""
        registration = self.registration_row(iss, client_id)
        return registration is not None and deployment_id in registration.deployments

    def stored_deployment(self, registration_id: int, deployment_id: str) -> Deployment | None:
        """The active deployment as stored now (after another request may have added it)."""
        return self._session.execute(
            select(Deployment).where(Deployment.registration_id == registration_id,
                                     Deployment.deployment_id == deployment_id,
                                     Deployment.active.is_(True))
        ).scalar()


@functools.cache
def _registration_query(by_client_id: bool) -> Select:
    """The registration with its organisation's platform name, whether its LRS is enabled and
    one row per active deployment, by issuer (and client id): plain columns, no ORM objects;
    built once, run with bound values (building it cost more than running it)."""
    registration = PlatformRegistration
    query = (select(registration.id, registration.organisation_id, registration.issuer,
                    registration.client_id, registration.auth_login_url, registration.auth_token_url,
                    registration.jwks_url, registration.auth_audience,
                    registration.accept_first_deployment, Organisation.platform_name,
                    Organisation.slug, LrsSettings.enabled.label("lrs_enabled"),
                    LrsSettings.identify_learners, Deployment.deployment_id)
             .join(Organisation, Organisation.id == registration.organisation_id)
             .outerjoin(LrsSettings, LrsSettings.organisation_id == registration.organisation_id)
             .outerjoin(Deployment, and_(Deployment.registration_id == registration.id,
                                         Deployment.active.is_(True)))
             .where(registration.issuer == bindparam("iss"), registration.active.is_(True)))
    if by_client_id:
        query = query.where(registration.client_id == bindparam("client_id"))
    return query
