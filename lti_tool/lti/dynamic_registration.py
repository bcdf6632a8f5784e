"""LTI Dynamic Registration 1.0, tool side.

The LMS admin pastes one URL (``/lti/register``) into the platform. The platform opens
it with ``openid_configuration`` and ``registration_token``; we read the platform's
configuration, POST ours to its registration endpoint, and store the client_id and
deployment_id it returns against an organisation for that platform.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..http import OutboundSession
from ..i18n import N_
from ..models import PlatformRegistration
from ..settings import Settings
from .canvas import AGS_SCOPES, NRPS_SCOPE, registration_messages
from .registration_answer import TOOL_CONFIGURATION, answered_deployment_id, service_audience
from .registrations import NewRegistration, add_registration, slugify

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
# Canvas's extension; it would otherwise infer the same level from ``claims``.
PRIVACY_LEVEL = "https://canvas.instructure.com/lti/privacy_level"


class RegistrationError(ProblemError):
    """``detail`` is a catalogue message with ``%(name)s`` ``params``."""

    def __init__(self, check: str, detail: str, status: int = 400, **params: object) -> None:
        super().__init__(status, gettext(N_("Registratie niet gelukt")), gettext(detail, **params),
                         check=check)


@dataclass(frozen=True)
class RegistrationResult:
    registration_id: int
    platform_name: str
    product_family_code: str
    client_id: str
    deployment_id: str | None


def tool_registration_request(settings: Settings, platform_config: dict) -> dict:
    base = settings.base_url
    supported = set(platform_config.get("scopes_supported") or [*AGS_SCOPES, NRPS_SCOPE])
    scopes = [scope for scope in (*AGS_SCOPES, NRPS_SCOPE) if scope in supported]
    launch = base + "/lti/launch"
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": base + "/lti/login",
        "redirect_uris": [launch],
        "client_name": "Werkbegeleiding",
        "client_name#nl": "Werkbegeleiding",
        "client_name#en": "Workplace mentoring",
        "jwks_uri": base + "/lti/jwks",
        "logo_uri": base + "/static/img/icon.svg",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(scopes),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(base).netloc,
            "target_link_uri": launch,
            "description": "Training voor werkbegeleiders: modules, zelfscan en Samenleer-gesprekken.",
            "description#nl": "Training voor werkbegeleiders: modules, zelfscan en Samenleer-gesprekken.",
            "description#en": "Training for workplace mentors: modules, self-scan and paired feedback.",
            "claims": ["iss", "sub", "name", "given_name", "family_name"],
            PRIVACY_LEVEL: "name_only",
            "messages": registration_messages(settings),
        },
    }


def _check_url(url: str, settings: Settings, check: str) -> None:
    parts = urlsplit(url)
    loopback = parts.hostname in {"localhost", "127.0.0.1", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and (loopback or not settings.is_production)):
        raise RegistrationError(check, N_("%(url)s moet een https-adres zijn."), url=url)


def fetch_platform_configuration(url: str, settings: Settings, http: requests.Session) -> dict:
    _check_url(url, settings, "openid_configuration")
    try:
        response = http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        config = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise RegistrationError("openid_configuration", N_(
            "De configuratie van het platform kon niet worden gelezen: %(reason)s"), reason=str(exc)) from exc
    for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        if not config.get(key):
            raise RegistrationError("openid_configuration", N_("De configuratie mist '%(key)s'."), key=key)
    issuer, where = urlsplit(config["issuer"]), urlsplit(url)
    if (issuer.scheme, issuer.netloc) != (where.scheme, where.netloc):
        raise RegistrationError("issuer", N_("De issuer hoort niet bij het adres van de configuratie."))
    return config


def register_with_platform(session: Session, settings: Settings, openid_configuration: str,
                           registration_token: str | None,
                           http: requests.Session | None = None) -> RegistrationResult:
    http = http or OutboundSession()
    config = fetch_platform_configuration(openid_configuration, settings, http)
    _check_url(config["registration_endpoint"], settings, "registration_endpoint")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        response = http.post(config["registration_endpoint"], headers=headers,
                             json=tool_registration_request(settings, config))
    except requests.RequestException as exc:
        raise RegistrationError("registration_endpoint", N_("Het platform is niet bereikbaar: %(reason)s"),
                                reason=str(exc)) from exc
    if not response.ok:
        raise RegistrationError("registration_endpoint", N_(
            "Het platform weigerde de registratie (%(code)s): %(answer)s"),
            code=response.status_code, answer=response.text[:300])
    try:
        answer = response.json()
    except ValueError:
        answer = None
    client_id = answer.get("client_id") if isinstance(answer, dict) else None
    if not client_id:
        raise RegistrationError("client_id", N_("Het platform gaf geen client_id terug."))
    deployment_id = answered_deployment_id(answer)
    platform = config.get(PLATFORM_CONFIGURATION) or {}
    family = str(platform.get("product_family_code") or "")
    name = f"{family or 'LMS'} {urlsplit(config['issuer']).netloc}".strip()
    slug = organisation_slug_for(session, config["issuer"])
    registration = add_registration(session, NewRegistration(
        organisation_slug=slug, organisation_name=urlsplit(config["issuer"]).netloc, name=name,
        issuer=config["issuer"], client_id=str(client_id), auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"], jwks_url=config["jwks_uri"],
        auth_audience=service_audience(config),
        deployment_ids=(deployment_id,) if deployment_id else (),
        accept_first_deployment=deployment_id is None))
    return RegistrationResult(registration_id=registration.id, platform_name=name,
                              product_family_code=family, client_id=str(client_id),
                              deployment_id=deployment_id)


def organisation_slug_for(session: Session, issuer: str) -> str:
    """The same LMS (issuer) keeps its organisation; a new one gets a fresh slug."""
    existing = session.execute(select(PlatformRegistration).where(
        PlatformRegistration.issuer == issuer).limit(1)).scalar()
    if existing is not None:
        return existing.organisation.slug
    return f"{slugify(urlsplit(issuer).netloc)}-{secrets.token_hex(3)}"
