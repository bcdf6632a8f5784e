"""Admin pages: the registered tools, Dynamic Registration, activating a pending tool."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_tool.web import db_session, settings

from . import canvas_mode, urls
from .common import error_page
from .constants import KIND_LABELS
from .models import DevRegistrationToken, DevTool
from .people import current_user, requires_admin
from .registration import issue_registration_token
from .tools import ACTIVE, all_tools, find_tool, origin_of

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@bp.get("/tools")
@requires_admin
def tools() -> str:
    return render_template("devlms/tools.html", tools=all_tools(db_session(), settings()),
                           behaviours=canvas_mode.BEHAVIOURS,
                           activated=request.args.get("geactiveerd"),
                           user=current_user(), labels=KIND_LABELS)


@bp.post("/tools/register")
@requires_admin
def register() -> BaseResponse:
    """Open the tool's registration page with the OpenID configuration and a one-time token."""
    user = current_user()
    assert user is not None
    url = (request.form.get("registration_url") or "").strip()
    if not _valid_url(url):
        return error_page(400, "Ongeldige registratielink",
                          "Plak de volledige registratielink (http(s)) van de beheerder van de tool.",
                          "registration_url")
    behaviour = request.form.get("behaviour") or canvas_mode.MOODLE
    if behaviour not in canvas_mode.BEHAVIOURS:
        return error_page(400, "Onbekend gedrag", "Kies Moodle of Canvas.", "behaviour")
    session = db_session()
    row, token = issue_registration_token(session, user.username, url, behaviour)
    session.commit()
    openid = urls.openid_configuration_url(settings())
    if canvas_mode.is_canvas(behaviour):  # Canvas puts the token in the configuration's URL too
        openid = _with_query(openid, {"registration_token": token})
    frame_src = _with_query(url, {"openid_configuration": openid, "registration_token": token})
    origin = origin_of(url)
    html = render_template("devlms/tool_register.html", frame_src=frame_src, origin=origin,
                           done_url=url_for(".registered", attempt=row.id),
                           user=user, labels=KIND_LABELS)
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    # This page frames the registration URL's origin, whatever it is.
    tool = urlsplit(settings().base_url)
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; frame-src 'self' {tool.scheme}://{tool.netloc} {origin}; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'")
    return response


@bp.get("/tools/registrations/<int:attempt>")
@requires_admin
def registered(attempt: int) -> Response | str:
    """Shown when the tool posts ``org.imsglobal.lti.close``: what was registered."""
    session = db_session()
    row = session.get(DevRegistrationToken, attempt)
    if row is None:
        return error_page(404, "Registratie niet gevonden", "Deze registratiepoging bestaat niet.")
    tool = find_tool(session, settings(), row.client_id) if row.client_id else None
    return render_template("devlms/tool_registered.html", attempt=row, tool=tool,
                           user=current_user(), labels=KIND_LABELS)


@bp.post("/tools/<client_id>/activate")
@requires_admin
def activate(client_id: str) -> BaseResponse:
    row = db_session().get(DevTool, client_id)
    if row is None:
        return error_page(404, "Tool niet gevonden", f"Er is geen tool {client_id}.", "client_id")
    row.status = ACTIVE
    db_session().commit()
    return redirect(url_for(".tools", geactiveerd=client_id))
