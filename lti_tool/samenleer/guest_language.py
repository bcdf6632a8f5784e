"""The guest's language: that of the invitation, unless the guest chooses another.

The invitation leads to Dutch questions, so the guest's pages speak Dutch too, whatever
language the phone is set to: English buttons around Dutch questions help nobody. A
guest who wants another language picks it on the page (``?taal=en``); a cookie on
``/s/`` remembers the choice on that device.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request, url_for

from .. import web
from ..i18n import SUPPORTED_LOCALES, language_of

LANGUAGE_PARAM = "taal"
LANGUAGE_COOKIE = "samenleer_taal"
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600
#: Each language named in itself, as a language choice should.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def choose_language(content_language: str) -> None:
    """Set this request's UI language (``g.page_locale``, read by ``i18n.select_locale``)."""
    chosen = (language_of(request.args.get(LANGUAGE_PARAM))
              or language_of(request.cookies.get(LANGUAGE_COOKIE)))
    g.page_locale = chosen or language_of(content_language) or "nl"


def remember_language(response: Response) -> Response:
    """Keep a language the guest just chose (a valid ``?taal=``) for the next visits."""
    chosen = language_of(request.args.get(LANGUAGE_PARAM))
    if chosen and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=LANGUAGE_COOKIE_SECONDS,
                            httponly=True, samesite="Lax", secure=web.settings().secure_cookies,
                            path="/s/")
    return response


def language_choices() -> list[dict[str, Any]]:
    """The language links of a guest page: this same page in each language the UI speaks."""
    if request.endpoint is None:
        return []
    args = {k: v for k, v in request.args.items() if k != LANGUAGE_PARAM}
    current = g.get("page_locale")
    # The page's own path wins over a query parameter of the same name.
    params: dict[str, Any] = {**args, **(request.view_args or {})}
    return [{"code": code, "name": LANGUAGE_NAMES[code], "current": code == current,
             "url": url_for(request.endpoint, **{**params, LANGUAGE_PARAM: code})}
            for code in SUPPORTED_LOCALES]
