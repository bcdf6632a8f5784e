"""LTI Dynamic Registration 1.0, tool side.

The operator makes a one-time registration link (:mod:`.invitations`); the LMS admin
pastes it into the platform, which opens it with ``openid_configuration`` and
``registration_token``. We read the platform's configuration (its URL must start with
its issuer), POST ours to its registration endpoint, and store the client_id and
deployment_id it returns as a new registration of the invitation's organisation. All
calls go through the egress policy (no redirects, no internal addresses), and no
answer of the platform is ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from flask_babel import gettext
from sqlalchemy.orm import Session

from ..errors import ProblemError
from ..http import EgressRefusedError, OutboundSession, failure_reason
from ..i18n import N_
from ..models import RegistrationInvitation
from ..settings import Settings
from .canvas import registration_messages
from .invitations import USED, InvitationRefusedError, spend_invitation
from .registration_answer import answered_deployment_id, service_audience
from .registrations import NewRegistration, RegistrationExistsError, add_registration
from .vocabulary import Registration, Scope

# Canvas's extension; it would otherwise infer the same level from ``claims``.
PRIVACY_LEVEL = "https://canvas.instructure.com/lti/privacy_level"
ALREADY_REGISTERED = N_("Dit platform is al geregistreerd met deze client_id; er is niets veranderd. "
                        "Vraag de beheerder van de tool om hulp.")
MAX_URL_LENGTH = 500  # the shortest column a configuration URL goes into (the issuer)
PRODUCT_NAMES = {"moodle": "Moodle", "canvas": "Canvas", "sakai": "Sakai", "blackboard": "Blackboard",
                 "desire2learn": "Brightspace", "brightspace": "Brightspace", "devlms": "Ontwikkel-LMS"}


class RegistrationError(ProblemError):
    """``detail`` is a catalogue message with ``%(name)s`` ``params`` (never remote text)."""

    def __init__(self, check: str, detail: str, status: int = 400, **params: object) -> None:
        super().__init__(status, gettext(N_("Registratie niet gelukt")), gettext(detail, **params),
                         check=check)


@dataclass(frozen=True)
class RegistrationResult:
    registration_id: int
    platform_name: str
    organisation_name: str
    product_family_code: str
    client_id: str
    deployment_id: str | None


def product_name(family: str) -> str:
    """The LMS as its administrator calls it ("Moodle"), for the confirmation page; the
    stored registration name also holds the host, for the operator's lists only."""
    return PRODUCT_NAMES.get(family.lower(), "LMS")


def tool_registration_request(settings: Settings, platform_config: dict) -> dict:
    base = settings.base_url
    supported = set(platform_config.get("scopes_supported") or Scope.REQUESTED)
    scopes = [scope for scope in Scope.REQUESTED if scope in supported]
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
        Registration.TOOL_CONFIGURATION: {
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


def issuer_matches(openid_configuration: str, issuer: str) -> bool:
    """LTI DR 1.0 §3.5.1: the configuration URL must start with the issuer, path included.

    ``https://lms.example/moodle`` matches ``https://lms.example/moodle/mod/lti/openid-
    configuration.php`` but not ``https://lms.example/moodle-test/...``, nor another host.
    """
    parts = urlsplit(issuer)
    if parts.query or parts.fragment or not parts.netloc or parts.username or parts.password:
        return False
    prefix = issuer if issuer.endswith("/") else issuer + "/"
    return openid_configuration == issuer or openid_configuration.startswith(prefix)


def _call_json(http: OutboundSession, method: str, url: str, check: str, **kwargs: object) -> dict:
    """One call under the egress policy; refusals carry a fixed reason, never the answer."""
    try:
        response = http.request(method, url, **kwargs)
    except requests.RequestException as exc:
        raise RegistrationError(check, N_("Het platform is niet bereikbaar (%(reason)s)."),
                                502, reason=failure_reason(exc)) from exc
    if not response.ok:
        raise RegistrationError(check, N_("Het platform weigerde het verzoek (%(code)s)."), 502,
                                code=response.status_code)
    try:
        answer = response.json()
    except ValueError as exc:
        raise RegistrationError(check, N_("Het platform gaf geen geldig antwoord (JSON)."), 502) from exc
    if not isinstance(answer, dict):
        raise RegistrationError(check, N_("Het platform gaf geen geldig antwoord (JSON)."), 502)
    return answer


def _headers(registration_token: str | None, **more: str) -> dict[str, str]:
    headers = {"Accept": "application/json", **more}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    return headers


def fetch_platform_configuration(url: str, http: OutboundSession,
                                 registration_token: str | None = None) -> dict:
    """The platform's configuration. The registration token goes along as Bearer: Canvas
    answers the configuration only with it, and Moodle ignores it."""
    config = _call_json(http, "GET", url, "openid_configuration", headers=_headers(registration_token))
    for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        if not isinstance(config.get(key), str) or not config[key]:
            raise RegistrationError("openid_configuration", N_("De configuratie mist '%(key)s'."), key=key)
        if len(config[key]) > MAX_URL_LENGTH:
            raise RegistrationError("openid_configuration", N_("'%(key)s' in de configuratie is te lang."),
                                    key=key)
    if not issuer_matches(url, config["issuer"]):
        raise RegistrationError("issuer", N_(
            "De issuer van het platform hoort niet bij het adres van de configuratie: dat adres "
            "moet met de issuer beginnen."))
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        try:
            http.policy.check_url(config[key])
        except EgressRefusedError as exc:
            raise RegistrationError(key, N_("Het adres '%(key)s' is niet toegestaan (%(reason)s)."),
                                    key=key, reason=exc.reason) from exc
    return config


def register_with_platform(session: Session, settings: Settings, invitation: RegistrationInvitation,
                           openid_configuration: str, registration_token: str | None,
                           http: OutboundSession) -> RegistrationResult:
    """Register with the platform and store a NEW registration in the invitation's organisation.

    The invitation is spent in the caller's transaction; the caller commits. An existing
    registration is never changed, and the issuer never chooses the organisation.
    """
    config = fetch_platform_configuration(openid_configuration, http, registration_token)
    answer = _call_json(http, "POST", config["registration_endpoint"], "registration_endpoint",
                        headers=_headers(registration_token, **{"Content-Type": "application/json"}),
                        json=tool_registration_request(settings, config))
    client_id = _short_text(answer.get("client_id"))
    if not client_id:
        raise RegistrationError("client_id", N_("Het platform gaf geen bruikbare client_id terug."), 502)
    deployment_id = answered_deployment_id(answer)
    audience = _short_text(service_audience(config), MAX_URL_LENGTH)
    platform = config.get(Registration.PLATFORM_CONFIGURATION) or {}
    family = str(platform.get("product_family_code") or "")[:60] if isinstance(platform, dict) else ""
    name = f"{family or 'LMS'} {urlsplit(config['issuer']).netloc}".strip()[:200]
    if not spend_invitation(session, invitation.id):
        raise InvitationRefusedError(USED)
    organisation = invitation.organisation
    try:
        registration = add_registration(session, NewRegistration(
            organisation_slug=organisation.slug, organisation_name=organisation.name, name=name,
            issuer=config["issuer"], client_id=client_id,
            auth_login_url=config["authorization_endpoint"], auth_token_url=config["token_endpoint"],
            jwks_url=config["jwks_uri"], auth_audience=audience,
            deployment_ids=(deployment_id,) if deployment_id else (),
            accept_first_deployment=deployment_id is None,
            service_hosts=tuple(invitation.service_hosts or ())), update_existing=False)
    except RegistrationExistsError as exc:
        raise RegistrationError("client_id", ALREADY_REGISTERED, 409) from exc
    invitation.registration_id = registration.id
    return RegistrationResult(registration_id=registration.id, platform_name=product_name(family),
                              organisation_name=organisation.display_name or organisation.name,
                              product_family_code=family, client_id=client_id,
                              deployment_id=deployment_id)


def _short_text(value: object, limit: int = 255) -> str | None:
    """A platform-given identifier that fits its column, or None."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return text if text and len(text) <= limit else None
