"""Every page wears the look of the organisation the launch belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, g, url_for

from .models import Organisation

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Brand:
    name: str = "Werkbegeleiding"
    logo_url: str | None = None
    primary_color: str = "#1d4f91"
    accent_color: str = "#b3541e"


DEFAULT_BRAND = Brand()


def brand_for(organisation: Organisation | None) -> Brand:
    if organisation is None:
        return DEFAULT_BRAND
    return Brand(
        name=organisation.name,
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
    """Colours as CSS custom properties (a stylesheet, so the CSP needs no inline styles)."""
    from . import web

    brand = brand_for(web.db_session().get(Organisation, organisation_id))
    css = (f":root{{--brand-primary:{brand.primary_color};"
           f"--brand-accent:{brand.accent_color};}}\n")
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def install_branding(app: Flask) -> None:
    from . import web

    app.register_blueprint(bp)

    @app.context_processor
    def _brand_context():
        brand = DEFAULT_BRAND
        brand_css_url = None
        launch = g.get("launch")
        if launch is not None:
            brand = brand_for(web.db_session().get(Organisation, launch.organisation_id))
            brand_css_url = url_for("branding.brand_css", organisation_id=launch.organisation_id)
        return {
            "brand": brand,
            "brand_css_url": brand_css_url,
            "launch_url": web.launch_url,
            "launch_token": web.launch_token,
            "launch": launch,
        }
