"""HTTP endpoints of the LTI edge. Everything after the launch is the domain's job."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from pylti1p3.contrib.flask import FlaskRequest
from pylti1p3.exception import OIDCException
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from .. import web, xapi
from ..i18n import N_
from . import binding
from .canvas import canvas_configuration
from .keys import jwks
from .launch_validation import LaunchCheckError, PlatformStorageNeededError, ToolMessageLaunch, unregistered
from .login import ToolOIDCLogin
from .platform_keys import platform_keys
from .provisioning import launch_facts, record_launch
from .registration_cache import LoginRegistrations
from .session_service import ServerSideSessionService
from .state_store import StateStore, make_state_store
from .tool_conf import DatabaseToolConf
from .vocabulary import Claim, MessageType

bp = Blueprint("lti", __name__, url_prefix="/lti")
log = logging.getLogger(__name__)


def state_store() -> StateStore:
    store = current_app.extensions.get("lti_state_store")
    if store is None:
        cache = login_registrations()
        store = make_state_store(web.database(), web.settings().redis_url,
                                 generation_key=cache.generation.key if cache else None)
        current_app.extensions["lti_state_store"] = store
    return store


def login_registrations() -> LoginRegistrations | None:
    """The login's registration cache (with Redis only: see :mod:`.registration_cache`)."""
    return current_app.extensions.get("lti_login_registrations")


def launch_url() -> str:
    return web.settings().base_url + url_for("lti.launch")


def _param(name: str) -> str | None:
    return request.values.get(name) or None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Third-party initiated login: check the platform, then redirect to its auth endpoint."""
    for name in ("iss", "login_hint", "target_link_uri"):
        if not _param(name):
            raise LaunchCheckError(name, 400, N_("Het inlogverzoek mist '%(name)s'."), name=name)
    target = _param("target_link_uri") or ""
    if not target.startswith(web.settings().base_url + "/"):
        raise LaunchCheckError("target_link_uri", 400, N_("target_link_uri wijst niet naar deze tool."))
    iss, client_id = _param("iss") or "", _param("client_id")
    storage_target = _param("lti_storage_target")
    extra_state = {"storage_target": storage_target,
                   "login": {name: value for name in binding.LOGIN_PARAMS if (value := _param(name))}}
    redirect_url = _login_redirect(iss, client_id, extra_state)
    state = parse_qs(urlsplit(redirect_url).query)["state"][0]
    response: BaseResponse
    if storage_target:
        response = make_response(render_template(
            "lti/platform_storage.html", mode="put", target=storage_target,
            key=binding.storage_key(state), value=state, next_url=redirect_url,
            platform_origin=origin_of(redirect_url)))
    else:
        response = redirect(redirect_url, code=302)
    binding.set_state_cookie(response, request, state)
    return response


def _login_redirect(iss: str, client_id: str | None, extra_state: dict) -> str:
    """The redirect to the platform, with the state and nonce stored.

    With Redis, a registration an earlier login read is used without the database while the
    registrations' generation token, read in the same round trip as the state's write, is
    still the one it was read under; otherwise the login is done (again) from the database.
    """
    cache = login_registrations()
    entry = cache.cached(iss, client_id) if cache else None
    conf = DatabaseToolConf(web.db_session())
    if cache and entry:
        conf.use_record(iss, client_id, entry.record)
        redirect_url, seen = _oidc_redirect(conf, extra_state)
        if seen == entry.generation:
            return redirect_url
        cache.forget_older_than(seen)  # changed since: from the database, with a new state
        conf = DatabaseToolConf(web.db_session())
    if cache:
        found, _ = cache.read_through(iss, client_id, lambda: conf.registration_row(iss, client_id))
    else:
        found = conf.registration_row(iss, client_id)
    if found is None:
        raise unregistered(conf, iss, client_id)
    return _oidc_redirect(conf, extra_state)[0]


def _oidc_redirect(conf: DatabaseToolConf, extra_state: dict) -> tuple[str, str | None]:
    """The redirect to the platform, with the state and nonce stored; and the registrations'
    generation token read in the same round trip (``None`` without Redis or when unset)."""
    sessions = ServerSideSessionService(state_store())
    oidc = ToolOIDCLogin(FlaskRequest(request_data=request.values), conf, sessions, extra_state)
    try:
        redirect_url = oidc.get_redirect_object(launch_url()).get_redirect_url()
    except OIDCException as exc:
        raise LaunchCheckError("login", 400, N_("Het inlogverzoek is ongeldig: %(reason)s"),
                               reason=str(exc)) from exc
    return redirect_url, sessions.generation_seen


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@bp.post("/launch")
def launch():
    session = web.db_session()
    conf = DatabaseToolConf(session)
    message = ToolMessageLaunch(FlaskRequest(request_data=request.form), conf,
                                ServerSideSessionService(state_store()), platform_keys,
                                web.outbound_session())
    try:
        message.validate()
    except PlatformStorageNeededError as needed:
        # Read the state back from the platform's window, then post the launch again.
        return render_template(
            "lti/platform_storage.html", mode="get", target=needed.target,
            key=binding.storage_key(needed.state), field=binding.STORAGE_FIELD,
            action=url_for("lti.launch"), id_token=request.form.get("id_token", ""),
            state=needed.state, platform_origin=origin_of(needed.platform_url))
    row = message.registration_row
    assert row is not None
    body = message.body
    message_type = str(body[Claim.MESSAGE_TYPE])
    recorded = record_launch(session, row, body, web.launch_session_expiry(),
                             platform_name=row.platform_name)
    launch_ = recorded.launch
    # The LRS settings came with the registration: no enabled LRS, no statement to build; the
    # statement's facts come from the launch itself (no query).
    if message_type == MessageType.RESOURCE_LINK and row.lrs_enabled:
        xapi.launched(session, launch_, launch_facts(row, body, launch_, recorded.email),
                      identify_learners=row.lrs_identify_learners)
    session.commit()
    token = web.issue_launch_token(launch_.session_id)
    log.info("launch accepted", extra={"registration": row.id, "message_type": message_type})
    endpoint = "lti.deep_link" if message_type == MessageType.DEEP_LINKING else "learning.entry"
    # A bare 303 (no HTML body for a browser that follows it anyway).
    return Response(status=303, headers={"Location": url_for(endpoint, lt=token)})


@bp.get("/register")
def register_without_link():
    """The bare address registers nothing: a tool is added only with the operator's link."""
    from .invitations import InvitationRefusedError

    raise InvitationRefusedError(None)


@bp.get("/register/<token>")
def register(token: str):
    """LTI Dynamic Registration with a one-time link: what an admin pastes into Moodle
    ('Tool URL') or Canvas. The platform adds ``openid_configuration`` and
    ``registration_token``."""
    from .dynamic_registration import ALREADY_REGISTERED, RegistrationError, register_with_platform
    from .invitations import open_invitation

    session = web.db_session()
    invitation = open_invitation(session, token)
    openid_configuration = request.args.get("openid_configuration", "")
    if not openid_configuration:
        raise RegistrationError("openid_configuration", N_(
            "Plak deze registratielink in je leeromgeving als tool-URL (dynamische registratie); "
            "de leeromgeving opent hem dan zelf."))
    result = register_with_platform(session, web.settings(), invitation, openid_configuration,
                                    request.args.get("registration_token"), web.outbound_session())
    try:
        session.commit()
    except IntegrityError as exc:  # the same issuer and client_id, registered at the same moment
        raise RegistrationError("client_id", ALREADY_REGISTERED, 409) from exc
    log.info("dynamic registration", extra={"registration": result.registration_id,
                                            "invitation": invitation.id,
                                            "family": result.product_family_code})
    return render_template("lti/registered.html", result=result)


@bp.get("/canvas.json")
def canvas_json():
    """Canvas: Developer Keys -> + LTI Key -> Method 'Enter URL' with this address."""
    return jsonify(canvas_configuration(web.settings()))


@bp.get("/jwks")
def jwks_endpoint():
    response = jsonify(jwks(web.db_session()))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
