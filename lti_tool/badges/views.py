"""The badge's public addresses (for verifiers and anyone the learner shows the badge to)
and the learner's own page.

Public, without a launch: the issuer's controller document, its keys, the signed
revocation list, the achievement, the badge picture, and per badge the verification page,
the credential JSON and the baked PNG. The badge's id is a random UUID, and the credential
names the learner only by a salted hash.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, g, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import web
from ..branding import brand_for, display_name
from ..errors import ProblemError
from ..i18n import SUPPORTED_LOCALES, page_language
from ..models import IssuedBadge, Organisation, as_utc
from .achievements import ACHIEVEMENTS
from .baking import badge_png, bake
from .credential import achievement
from .documents import CREDENTIALS_V2, OPEN_BADGES_V3
from .keys import badge_key
from .publication import check_badge, issuer_document, key_document, signed_status_list
from .urls import PATHS, BadgeUrls

bp = Blueprint("badges", __name__)

JSON_LD = "application/ld+json"
PUBLIC_CACHE = "public, max-age=300"
STATUS_CACHE = "public, max-age=60"  # a revocation shows within a minute


def _urls() -> BadgeUrls:
    return BadgeUrls(web.settings().base_url)


def _organisation(slug: str) -> Organisation:
    organisation = web.db_session().scalars(select(Organisation).where(Organisation.slug == slug)).first()
    return organisation if organisation is not None else abort(404)


def _badge(public_id: str) -> IssuedBadge:
    if len(public_id) > 36:
        abort(404)
    badge = web.db_session().scalars(select(IssuedBadge).where(IssuedBadge.public_id == public_id)).first()
    return badge if badge is not None else abort(404)


def _json(document: dict[str, Any], cache: str = PUBLIC_CACHE, download: str | None = None) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype=JSON_LD)
    response.headers["Cache-Control"] = cache
    response.headers["Access-Control-Allow-Origin"] = "*"  # browser-based verifiers fetch these
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return response


def _png(data: bytes, download: str | None = None) -> Response:
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = PUBLIC_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return response


@bp.get(PATHS["issuer"])
def issuer(slug: str) -> Response:
    _organisation(slug)
    return _json(issuer_document(web.db_session(), _urls(), slug))


@bp.get(PATHS["key"])
def key(slug: str, kid: str) -> Response:
    _organisation(slug)
    row = badge_key(web.db_session(), kid[:64])
    return _json(key_document(_urls(), slug, row)) if row is not None else abort(404)


@bp.get(PATHS["status_list"])
def status_list(slug: str) -> Response:
    organisation = _organisation(slug)
    session = web.db_session()
    document = signed_status_list(session, _urls(), organisation)
    session.commit()  # the tool's first badge key, when this list made it
    return _json(document, cache=STATUS_CACHE)


@bp.get(PATHS["achievement"])
def achievement_document(slug: str, key: str) -> Response:
    _organisation(slug)
    definition = ACHIEVEMENTS.get(key) or abort(404)
    return _json({"@context": [CREDENTIALS_V2, OPEN_BADGES_V3], **achievement(_urls(), slug, definition)})


@bp.get(PATHS["achievement_image"])
def achievement_image(slug: str, key: str) -> Response:
    brand = brand_for(_organisation(slug))
    if key not in ACHIEVEMENTS:
        abort(404)
    return _png(badge_png(brand.primary_color, brand.accent_color))


def _credential_text(badge: IssuedBadge) -> str:
    return json.dumps(badge.credential, ensure_ascii=False, indent=2)


def _download_name(badge: IssuedBadge, extension: str) -> str:
    return f"badge-{badge.achievement}-{badge.public_id[:8]}.{extension}"


@bp.get(PATHS["credential_json"])
def credential_json(public_id: str) -> Response:
    badge = _badge(public_id)
    download = _download_name(badge, "json") if request.args.get("download") else None
    return _json(badge.credential, download=download)


def baked_badge(badge: IssuedBadge) -> bytes:
    brand = brand_for(web.db_session().get(Organisation, badge.organisation_id))
    return bake(badge_png(brand.primary_color, brand.accent_color), _credential_text(badge))


@bp.get(PATHS["baked_png"])
def baked_png(public_id: str) -> Response:
    badge = _badge(public_id)
    download = _download_name(badge, "png") if request.args.get("download") else None
    return _png(baked_badge(badge), download=download)


def _choose_language() -> None:
    chosen = request.args.get("taal")
    if chosen in SUPPORTED_LOCALES:
        g.page_locale = chosen


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", JSON_LD, "application/json"])
    return best in (JSON_LD, "application/json")


@bp.get(PATHS["credential_page"])
def verify(public_id: str) -> Response | tuple[str, int]:
    """The verification page; a client that asks for JSON(-LD) gets the credential itself."""
    badge = _badge(public_id)
    if _wants_json():
        return _json(badge.credential)
    _choose_language()
    session = web.db_session()
    organisation = session.get(Organisation, badge.organisation_id)
    assert organisation is not None
    html = render_template(
        "badges/verify.html", badge=badge, check=check_badge(session, badge),
        definition=ACHIEVEMENTS.get(badge.achievement), language=page_language(),
        issuer_name=display_name(organisation), issued_at=as_utc(badge.created_at),
        brand=brand_for(organisation), other_language="en" if page_language() == "nl" else "nl",
        brand_css_url=url_for("branding.brand_css", organisation_id=organisation.id))
    return html, 200


@bp.get("/badges/mijn/<int:course_id>")
@web.requires_launch
def mine(course_id: int) -> tuple[str, int]:
    """The learner's badges in this course, to look at, download and share."""
    launch = web.current_launch()
    if launch.context_id != course_id:
        raise ProblemError(403, _("Geen toegang"),
                           _("Deze pagina hoort bij een andere cursus. Open hem vanuit je cursus."),
                           check="course")
    badges = web.db_session().scalars(select(IssuedBadge).where(
        IssuedBadge.learner_id == launch.learner_id, IssuedBadge.course_id == course_id)
        .order_by(IssuedBadge.id)).all()
    urls = _urls()
    html = render_template("badges/mine.html", badges=badges, urls=urls, definitions=ACHIEVEMENTS,
                           language=page_language(), as_utc=as_utc)
    return html, 200
