"""Every page wears the look of the organisation the launch belongs to.

The name people see is the organisation's display name (set on the branding page,
:mod:`lti_tool.admin.branding_views`), else the name the platform gives itself in its
launches (``tool_platform.name``), else the tool's own name: never a host name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, g, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from .models import Organisation, OrganisationLogo

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# "127.0.0.1:8088", "moodle.school.nl", "https://lms.example/": an address, not a name.
HOST = re.compile(r"^([a-z][a-z0-9+.-]*://)?[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?/?$", re.IGNORECASE)
LOGO_CACHE_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class Brand:
    name: str = "Werkbegeleiding"
    logo_url: str | None = None
    primary_color: str = "#1d4f91"
    accent_color: str = "#b3541e"


DEFAULT_BRAND = Brand()


def looks_like_host(name: str) -> bool:
    """A host name or address (a dot, a port or a scheme makes one; "ROC Midden" is none)."""
    name = name.strip()
    return bool(HOST.match(name)) and any(mark in name for mark in ".:/")


def display_name(organisation: Organisation) -> str:
    """What people see: the chosen name, else the platform's own name, else the tool's."""
    return (organisation.display_name or organisation.platform_name or DEFAULT_BRAND.name).strip()


def brand_for(organisation: Organisation | None) -> Brand:
    if organisation is None:
        return DEFAULT_BRAND
    return Brand(
        name=display_name(organisation),
        logo_url=organisation.logo_url,
        primary_color=_safe(organisation.primary_color, DEFAULT_BRAND.primary_color),
        accent_color=_safe(organisation.accent_color, DEFAULT_BRAND.accent_color),
    )


def _safe(colour: str | None, fallback: str) -> str:
    """Only #rrggbb reaches the style attribute, whatever is in the database."""
    return colour if colour and HEX_COLOUR.match(colour) else fallback


bp = Blueprint("branding", __name__)


@bp.get("/brand/<int:organisation_id>.css")
def brand_css(organisation_id: int) -> Response:
    """Colours as CSS custom properties. The tool's own pages carry them inline
    (:mod:`lti_tool.page_style`, one round trip less); this address stays for whatever
    links it."""
    from . import web

    brand = brand_for(web.db_session().get(Organisation, organisation_id))
    css = (f":root{{--brand-primary:{brand.primary_color};"
           f"--brand-accent:{brand.accent_color};}}\n")
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def logo_url(organisation_id: int, digest: str) -> str:
    """The logo's address; ``v`` changes with every new logo, so it may be cached for long."""
    return url_for("branding.logo", organisation_id=organisation_id, v=digest[:16])


@bp.get("/brand/<int:organisation_id>/logo")
def logo(organisation_id: int) -> BaseResponse:
    """The uploaded image as stored (its type was checked on upload), never run as a page."""
    from . import web

    row = web.db_session().get(OrganisationLogo, organisation_id)
    if row is None:
        abort(404)
    response = Response(row.data, mimetype=row.content_type)
    response.set_etag(row.digest)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    current = request.args.get("v") == row.digest[:16]
    response.headers["Cache-Control"] = (f"public, max-age={LOGO_CACHE_SECONDS}, immutable" if current
                                         else "public, max-age=300")
    return response.make_conditional(request)


def install_branding(app: Flask) -> None:
    from . import web
    from .page_style import install_page_style

    app.register_blueprint(bp)
    install_page_style(app)

    @app.context_processor
    def _brand_context():
        brand = DEFAULT_BRAND
        launch = g.get("launch")
        if launch is not None:
            # Its colours go inline into the page (page_style.py), so a changed look shows at once.
            brand = brand_for(web.db_session().get(Organisation, launch.organisation_id))
        return {
            "brand": brand,
            "launch_url": web.launch_url,
            "launch_token": web.launch_token,
            "launch": launch,
        }
