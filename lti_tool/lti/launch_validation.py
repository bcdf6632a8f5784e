"""Validation of an LTI 1.3 launch, one named check at a time.

Built on pylti1p3's message launch, with the order and the checks changed where
pylti1p3 falls short: it skips the audience, accepts a replayed id_token, lets an
unsigned token burn a nonce, and its errors do not say which check failed.
Here the signature is verified first (with audience, issuer, expiry and issued-at),
and only then are the single-use state and nonce consumed.
"""

from __future__ import annotations

import logging
from typing import Any

import flask
import jwt
from flask_babel import gettext
from pylti1p3.contrib.flask import FlaskCookieService, FlaskMessageLaunch, FlaskRequest

from ..errors import ProblemError
from ..http import OutboundSession
from ..i18n import N_
from . import binding, claim_values
from .platform_keys import PlatformKeyCache, PlatformKeyError, PlatformKeysUnavailable
from .registrations import claim_first_deployment
from .session_service import ServerSideSessionService
from .tool_conf import DatabaseToolConf, RegistrationRecord, ToolRegistration, load_registration
from .vocabulary import LTI_VERSION, Claim, MessageType

ALLOWED_ALGORITHMS = frozenset({"RS256", "RS384", "RS512"})
CLOCK_LEEWAY_SECONDS = 60
DEPLOYMENT_ID_MAX = 255  # the length of deployments.deployment_id
log = logging.getLogger(__name__)

TITLES = {400: N_("De start vanuit de leeromgeving is ongeldig"),
          401: N_("De start vanuit de leeromgeving is niet vertrouwd"),
          403: N_("Deze leeromgeving is niet aangemeld bij de tool")}


class LaunchCheckError(ProblemError):
    """A failed launch check; ``detail`` is a catalogue message with ``%(name)s`` ``params``."""

    def __init__(self, check: str, status: int, detail: str,
                 action: tuple[str, str] | None = None, **params: object) -> None:
        super().__init__(status, gettext(TITLES.get(status, N_("Ongeldige start"))),
                         gettext(detail, **params), check=check,
                         action=(action[0], gettext(action[1])) if action else None)


def unregistered(conf: DatabaseToolConf, iss: str, client_id: str | None) -> LaunchCheckError:
    """The refusal for an issuer, or a client_id of a known issuer, that is not registered."""
    if conf.issuer_known(iss):
        return LaunchCheckError("client_id", 403, N_(
            "Client-id '%(client_id)s' is niet aangemeld voor issuer '%(iss)s'."),
            client_id=client_id or "", iss=iss)
    return LaunchCheckError("registration", 403, N_(
        "Issuer '%(iss)s' is niet aangemeld bij deze tool."), iss=iss)


class PlatformStorageNeededError(Exception):
    """Not a failure: the state must first be read back from LTI Platform Storage."""

    def __init__(self, state: str, target: str, platform_url: str) -> None:
        super().__init__("platform storage needed")
        self.state = state
        self.target = target
        self.platform_url = platform_url


class ToolMessageLaunch(FlaskMessageLaunch):
    def __init__(self, request: FlaskRequest, tool_conf: DatabaseToolConf,
                 session_service: ServerSideSessionService, key_cache: PlatformKeyCache,
                 http: OutboundSession) -> None:
        # pylti1p3 gets our session too, so even its own fetches obey the egress policy.
        super().__init__(request, tool_conf, session_service=session_service,
                         cookie_service=FlaskCookieService(request), requests_session=http)
        self._key_cache = key_cache
        self._http = http
        self._conf = tool_conf
        self._sessions = session_service
        self.registration: ToolRegistration | None = None
        self.registration_row: RegistrationRecord | None = None
        self._first_deployment: str | None = None

    # -- the sequence -------------------------------------------------------------------
    def validate(self) -> ToolMessageLaunch:
        self._validated = True  # stop pylti1p3 from re-running its own validation lazily
        try:
            self._check_request()
            self._check_format()
            self._check_registration()
            self._check_signature()
            self._check_claim_values()
            self._check_deployment()
            self._check_message()
            self._check_state_and_nonce()
            self._claim_first_deployment()
        except Exception:
            self._validated = False
            raise
        return self

    @property
    def body(self) -> dict[str, Any]:
        return self._jwt.get("body", {})  # type: ignore[return-value]

    # -- the checks -----------------------------------------------------------------------
    def _check_request(self) -> None:
        if not self._get_request_param("id_token"):
            raise LaunchCheckError("id_token", 400, N_("Het verzoek bevat geen id_token."))
        if not self._get_request_param("state"):
            raise LaunchCheckError("state", 400, N_("Het verzoek bevat geen state."))

    def _check_format(self) -> None:
        try:
            self.validate_jwt_format()
        except Exception as exc:
            raise LaunchCheckError("jwt_format", 400,
                                    N_("Het id_token is geen geldig JWT (drie base64url-delen).")) from exc
        if not isinstance(self._jwt.get("body"), dict) or not isinstance(self._jwt.get("header"), dict):
            raise LaunchCheckError("jwt_format", 400, N_("Het id_token is geen geldig JWT."))

    def _client_id(self) -> str:
        aud = self.body.get("aud")
        if isinstance(aud, list):
            if len(aud) > 1 and self.body.get("azp"):
                return str(self.body["azp"])
            return str(aud[0]) if aud else ""
        return str(aud or "")

    def _check_registration(self) -> None:
        iss = self.body.get("iss")
        if not iss or not isinstance(iss, str):
            raise LaunchCheckError("iss", 400, N_("Het id_token heeft geen issuer (iss)."))
        client_id = self._client_id()
        if not client_id:
            raise LaunchCheckError("aud", 400, N_("Het id_token heeft geen audience (aud)."))
        if claim_values.NUL in iss + client_id:
            raise LaunchCheckError("iss", 400, N_("De issuer of audience van het id_token bevat een "
                                                  "ongeldig teken."))
        row = self._conf.registration_row(iss, client_id)
        if row is None:
            raise unregistered(self._conf, iss, client_id)
        self.registration_row = row
        self.registration = load_registration(self._conf.session, row)
        self._registration = self.registration

    def _check_signature(self) -> None:
        header = self._jwt.get("header", {})
        alg = header.get("alg")
        if alg not in ALLOWED_ALGORITHMS:
            raise LaunchCheckError("alg", 401, N_("Ondertekening met algoritme '%(alg)s' is niet "
                                                   "toegestaan; alleen RS256/RS384/RS512."), alg=alg)
        kid = header.get("kid")
        if not kid:
            raise LaunchCheckError("kid", 401, N_("De header van het id_token noemt geen sleutel (kid)."))
        assert self.registration is not None
        try:
            key = self._key_cache.find_key(self.registration.get_key_set_url() or "", kid, alg, self._http)
        except PlatformKeysUnavailable as exc:
            # What went wrong inside (addresses, ports, remote answers) is for the log only.
            log.warning("platform keys unavailable", extra={"registration": self.registration.row_id,
                                                            "detail": str(exc)})
            raise LaunchCheckError("jwks", 401, N_(
                "De sleutels van de leeromgeving konden niet worden opgehaald. Probeer het later "
                "opnieuw; blijft het misgaan, meld het dan bij de beheerder.")) from exc
        except (PlatformKeyError, jwt.PyJWKError) as exc:
            log.info("platform key refused", extra={"kid": kid, "detail": str(exc)})
            raise LaunchCheckError("kid", 401, N_("Sleutel '%(kid)s' van het platform is onbekend."),
                                   kid=kid) from exc
        try:
            jwt.decode(self._get_id_token(), key=key, algorithms=[alg],
                       audience=self._client_id(), issuer=self.registration.get_issuer(),
                       leeway=CLOCK_LEEWAY_SECONDS,
                       options={"require": ["exp", "iat", "iss", "aud"]})
        except jwt.ExpiredSignatureError as exc:
            raise LaunchCheckError("exp", 401, N_("Het id_token is verlopen (exp).")) from exc
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as exc:
            raise LaunchCheckError("iat", 401,
                                   N_("Het id_token is uitgegeven in de toekomst (iat).")) from exc
        except jwt.MissingRequiredClaimError as exc:
            raise LaunchCheckError(exc.claim, 400, N_("Het id_token mist de claim '%(claim)s'."),
                                   claim=exc.claim) from exc
        except jwt.InvalidAudienceError as exc:
            raise LaunchCheckError("aud", 401,
                                   N_("Het id_token is niet voor deze tool bedoeld (aud).")) from exc
        except jwt.InvalidIssuerError as exc:
            raise LaunchCheckError("iss", 401, N_("De issuer van het id_token klopt niet.")) from exc
        except jwt.InvalidSignatureError as exc:
            raise LaunchCheckError("signature", 401,
                                   N_("De handtekening van het id_token klopt niet.")) from exc
        except jwt.InvalidTokenError as exc:
            raise LaunchCheckError("signature", 401, N_("Het id_token is ongeldig: %(reason)s"),
                                   reason=str(exc)) from exc
        aud = self.body.get("aud")
        if isinstance(aud, list) and len(aud) > 1 and self.body.get("azp") != self._client_id():
            raise LaunchCheckError("azp", 401, N_("Bij meerdere audiences moet azp onze client-id zijn."))

    def _check_claim_values(self) -> None:
        """Identifiers that do not fit their column are refused, not cut (see claim_values)."""
        unfit = claim_values.unfit_identifier(self.body)
        if unfit is not None:
            check, limit = unfit
            raise LaunchCheckError(check, 400, N_("De waarde van '%(claim)s' in het id_token is langer "
                                                  "dan %(limit)s tekens of bevat een ongeldig teken."),
                                   claim=check, limit=limit)

    def _check_deployment(self) -> None:
        deployment_id = self.body.get(Claim.DEPLOYMENT_ID)
        if not deployment_id:
            raise LaunchCheckError("deployment_id", 400, N_("Het id_token mist de deployment_id."))
        if self._known_deployment(str(deployment_id)):
            return
        assert self.registration is not None
        row = self._conf.registration_row(self.registration.get_issuer() or "", self._client_id())
        if row is None or not row.accept_first_deployment or len(str(deployment_id)) > DEPLOYMENT_ID_MAX:
            raise self._deployment_refused(str(deployment_id))
        # Taken only once every other check has passed (see _claim_first_deployment).
        self._first_deployment = str(deployment_id)

    def _known_deployment(self, deployment_id: str) -> bool:
        assert self.registration is not None
        return self._conf.deployment_known(self.registration.get_issuer() or "", deployment_id,
                                           self._client_id())

    @staticmethod
    def _deployment_refused(deployment_id: str) -> LaunchCheckError:
        return LaunchCheckError("deployment", 403,
                                N_("Deployment '%(deployment_id)s' is niet toegestaan voor deze "
                                   "registratie."), deployment_id=deployment_id)

    def _claim_first_deployment(self) -> None:
        """A registration that came without a deployment takes the first launch's, once."""
        if self._first_deployment is None:
            return
        assert self.registration is not None
        deployment_id = self._first_deployment
        if not claim_first_deployment(self._conf.session, self.registration.row_id, deployment_id) \
                and self._conf.stored_deployment(self.registration.row_id, deployment_id) is None:
            raise self._deployment_refused(deployment_id)

    def _check_message(self) -> None:
        body = self.body
        version = body.get(Claim.VERSION)
        if not version:
            raise LaunchCheckError("version", 400, N_("Het id_token mist de LTI-versie."))
        if version != LTI_VERSION:
            raise LaunchCheckError("version", 400, N_("LTI-versie '%(version)s' wordt niet ondersteund; "
                                                       "verwacht 1.3.0."), version=version)
        message_type = body.get(Claim.MESSAGE_TYPE)
        if not message_type:
            raise LaunchCheckError("message_type", 400, N_("Het id_token mist het berichttype."))
        if message_type not in MessageType.SUPPORTED:
            raise LaunchCheckError("message_type", 400,
                                    N_("Berichttype '%(message_type)s' wordt niet ondersteund."),
                                    message_type=message_type)
        if not body.get("sub"):
            raise LaunchCheckError("sub", 400, N_("Het id_token noemt geen gebruiker (sub)."))
        if Claim.ROLES not in body or not isinstance(body.get(Claim.ROLES), list):
            raise LaunchCheckError("roles", 400, N_("Het id_token mist de rollen-claim."))
        if message_type == MessageType.RESOURCE_LINK:
            link = body.get(Claim.RESOURCE_LINK)
            if not isinstance(link, dict) or not link.get("id"):
                raise LaunchCheckError("resource_link", 400,
                                        N_("Het id_token mist het id van de resource link."))
        if message_type == MessageType.DEEP_LINKING and not isinstance(
                body.get(Claim.DEEP_LINKING_SETTINGS), dict):
            raise LaunchCheckError("deep_linking_settings", 400,
                                    N_("Het deep-linking-verzoek mist zijn instellingen."))

    def _check_state_and_nonce(self) -> None:
        """The state must be ours, unused and from this browser, and the nonce the one the
        login bound to it; only when every check passes are both consumed, in one round trip.
        When the state cookie already proves the browser, looking at the state and consuming
        it are one step too (one round trip on Redis): the store consumes only a state that
        names this nonce, issuer and client id, else the same checks say why not."""
        state = self._get_request_param("state")
        nonce = self.body.get("nonce")
        if isinstance(nonce, str) and nonce and binding.state_from_cookie(flask.request, state) == state:
            params, nonce_unused = self._sessions.take_state_and_nonce_if(
                state, nonce, str(self.body.get("iss")), self._client_id())
            if nonce_unused is None:  # nothing consumed
                self._check_state_params(state, params)
                raise LaunchCheckError("state", 401, N_("Deze inlogstap is al gebruikt."))
        else:
            params = self._sessions.peek_state_params(state)
            self._check_state_params(state, params)
            taken, nonce_unused = self._sessions.take_state_and_nonce(state, str(nonce))
            if taken is None:  # another request with the same state won the race
                raise LaunchCheckError("state", 401, N_("Deze inlogstap is al gebruikt."))
        if not nonce_unused:
            raise LaunchCheckError("nonce", 401, N_("Deze nonce is al gebruikt: het id_token wordt "
                                                  "opnieuw afgespeeld (replay)."))

    def _check_state_params(self, state: str, params: dict[str, Any] | None) -> None:
        """What the login stored with the state against this launch; raises the first check
        that fails."""
        if params is None:
            raise LaunchCheckError("state", 401, N_("Deze inlogstap is onbekend, verlopen of al "
                                                 "gebruikt. Start de activiteit opnieuw."))
        if params.get("iss") != self.body.get("iss") or params.get("client_id") != self._client_id():
            raise LaunchCheckError("state", 401, N_("De state hoort bij een ander platform."))
        self._check_browser_binding(state, params)
        nonce = self.body.get("nonce")
        if not nonce:
            raise LaunchCheckError("nonce", 400, N_("Het id_token mist de nonce."))
        if nonce != params.get("nonce"):
            raise LaunchCheckError("nonce", 401, N_("De nonce hoort niet bij deze inlogstap."))

    def _check_browser_binding(self, state: str, params: dict[str, Any]) -> None:
        """The state must come back from the browser that logged in (see binding.py)."""
        from_cookie = binding.state_from_cookie(flask.request, state)
        if from_cookie is not None:
            if from_cookie != state:
                raise LaunchCheckError("state", 401, N_("De state past niet bij deze browser."))
            return
        if params.get("storage_target"):
            from_storage = self._get_request_param(binding.STORAGE_FIELD)
            if from_storage is None:
                assert self.registration is not None
                raise PlatformStorageNeededError(state, params["storage_target"],
                                                 self.registration.get_auth_login_url() or "")
            if from_storage == state:
                return
        login_url = flask.url_for("lti.login", _external=False)
        raise LaunchCheckError(
            "state_binding", 401,
            N_("Je browser houdt geen gegevens bij voor deze tool in de leeromgeving, dus we kunnen "
               "niet controleren dat jij het bent. Open de activiteit in een nieuw venster."),
            action=(binding.new_window_login_url(login_url, params.get("login") or {}),
                    N_("Openen in een nieuw venster")))
