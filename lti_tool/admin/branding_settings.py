"""An organisation's look (display name, logo, colours), checked before it is stored.

Colours are checked the way ``static/css/app.css`` uses them (WCAG 2.2 AA):
  * the main colour (``--brand-primary``) is text on white (links, secondary buttons),
    the background of white text (header, buttons) and link text on the light grey
    ``--surface``: at least 4.5 : 1 against white and that grey;
  * the accent (``--brand-accent``) only draws lines and borders, on white and on the
    light orange of a notice: at least 3 : 1 (non-text contrast, 1.4.11).
A logo is a PNG, JPEG or WebP of at most 500 KB, recognised by its first bytes (never
by its name or the browser's word). SVG is refused: it can carry scripts.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..branding import HEX_COLOUR, logo_url, looks_like_host
from ..i18n import N_, decimal_mark
from ..models import Organisation, OrganisationLogo, utcnow
from ..models.upsert import upsert
from ..numbers import format_number

WHITE, SURFACE, NOTICE = "#ffffff", "#f4f6f8", "#fff4e5"
BACKGROUNDS = {WHITE: N_("wit"), SURFACE: N_("het lichtgrijs van kaders"),
               NOTICE: N_("het lichtoranje van meldingen")}
TEXT_MINIMUM, GRAPHIC_MINIMUM = 4.5, 3.0
MAX_LOGO_BYTES = 500 * 1024
NAME_MAX = int(Organisation.display_name.type.length)
# First bytes -> media type (RIFF....WEBP: the WebP container)
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#rrggbb``."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class ContrastCheck:
    colour: str
    against: str
    ratio: float
    minimum: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.minimum

    def shown_ratio(self) -> str:
        """Rounded down, so a refused 4.497 never reads as "4,5 : 1"."""
        return format_number(math.floor(self.ratio * 100) / 100, decimal_mark())


def weakest(colour: str, backgrounds: tuple[str, ...], minimum: float) -> ContrastCheck:
    """The check against the background where ``colour`` stands out least."""
    return min((ContrastCheck(colour, background, contrast_ratio(colour, background), minimum)
                for background in backgrounds), key=lambda check: check.ratio)


def contrast_checks(primary: str, accent: str) -> dict[str, ContrastCheck]:
    return {"primary_color": weakest(primary, (WHITE, SURFACE), TEXT_MINIMUM),
            "accent_color": weakest(accent, (WHITE, NOTICE), GRAPHIC_MINIMUM)}


@dataclass(frozen=True)
class BrandingInput:
    """What the form sent: ``display_name`` empty means "the platform's own name"."""

    display_name: str
    primary_color: str
    accent_color: str
    logo: bytes | None = None
    remove_logo: bool = False


class BrandingError(ValueError):
    """The input is refused; ``problems`` say why, in words for the person who sent it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def logo_type(data: bytes) -> str | None:
    """The image type the bytes really are (PNG, JPEG or WebP), else ``None``."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((media for signature, media in SIGNATURES if data.startswith(signature)), None)


def _logo_problem(data: bytes) -> str | None:
    if len(data) > MAX_LOGO_BYTES:
        return _("Het logo is te groot: %(size)s kB. Het mag hoogstens %(max)s kB zijn.",
                 size=math.ceil(len(data) / 1024), max=MAX_LOGO_BYTES // 1024)
    if logo_type(data) is None:
        if b"<svg" in data[:4096].lower():
            return _("Een SVG-logo kan niet: het kan scripts bevatten. Kies een PNG, JPEG of WebP.")
        return _("Dit bestand is geen PNG, JPEG of WebP. Kies een afbeelding in een van die vormen.")
    return None


def _colour_problems(form: BrandingInput) -> list[str]:
    labels = {"primary_color": _("De hoofdkleur"), "accent_color": _("De accentkleur")}
    colours = {"primary_color": form.primary_color, "accent_color": form.accent_color}
    wrong = [labels[field] for field, colour in colours.items() if not HEX_COLOUR.match(colour)]
    if wrong:
        return [_("%(field)s is geen kleur zoals #1d4f91.", field=field) for field in wrong]
    problems = []
    for field, check in contrast_checks(form.primary_color, form.accent_color).items():
        if not check.passes:
            problems.append(_(
                "%(field)s %(colour)s heeft te weinig contrast met %(against)s (%(background)s): "
                "%(ratio)s : 1. Nodig is minstens %(minimum)s : 1. Kies een donkerdere kleur.",
                field=labels[field], colour=check.colour, against=_(BACKGROUNDS[check.against]),
                background=check.against,
                ratio=check.shown_ratio(), minimum=format_number(check.minimum, decimal_mark())))
    return problems


def check_input(form: BrandingInput) -> None:
    """Raise :class:`BrandingError` with every problem at once (nothing is stored then)."""
    problems = _colour_problems(form)
    name = form.display_name.strip()
    if len(name) > NAME_MAX:
        problems.append(_("De naam is te lang: hoogstens %(max)s tekens.", max=NAME_MAX))
    elif name and looks_like_host(name):
        problems.append(_("Geef de naam van de organisatie, geen internetadres."))
    if form.logo:
        problem = _logo_problem(form.logo)
        if problem:
            problems.append(problem)
    if problems:
        raise BrandingError(problems)


def save_branding(session: Session, organisation: Organisation, form: BrandingInput) -> None:
    """Check and store ``form`` in the caller's transaction; the same form twice stores the same."""
    check_input(form)
    organisation.display_name = form.display_name.strip() or None
    organisation.primary_color = form.primary_color.lower()
    organisation.accent_color = form.accent_color.lower()
    if form.logo:
        digest = hashlib.sha256(form.logo).hexdigest()
        upsert(session, OrganisationLogo, {
            "organisation_id": organisation.id, "content_type": logo_type(form.logo),
            "data": form.logo, "digest": digest, "updated_at": utcnow()},
            ("organisation_id",), replace=("content_type", "data", "digest", "updated_at"))
        organisation.logo_url = logo_url(organisation.id, digest)
    elif form.remove_logo:
        logo = session.get(OrganisationLogo, organisation.id)
        if logo is not None:
            session.delete(logo)
        organisation.logo_url = None
