"""Which language the UI speaks for a request: Dutch first, English second.

The platform's launch says what the learner's LMS speaks (``launch_presentation.locale``);
without a launch the browser's ``Accept-Language`` decides. Course content stays Dutch:
only the tool's own texts are translated (``lti_tool/translations``).
"""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request
from flask_babel import get_locale

from .marker import N_

SUPPORTED_LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"

# Messages raised before a template exists (``lti_tool/web.py``, ``lti_tool/errors.py``).
# ``error.html`` looks their translation up when it shows them.
PROBLEM_MESSAGES = (
    N_("Niet gestart vanuit de leeromgeving"),
    N_("Open deze pagina via de link in je leeromgeving."),
    N_("Je sessie is verlopen"),
    N_("Je sessie stopt vanzelf na een paar uur. Ga terug naar je leeromgeving en open de "
       "activiteit daar opnieuw."),
    N_("Je sessie stopt vanzelf na een paar uur. Daarom is je tekst nog niet bewaard. Hij is "
       "niet weg: deze browser onthoudt hem. Ga terug naar je leeromgeving en open de "
       "activiteit daar opnieuw. Dan staat je tekst weer klaar en kun je hem bewaren."),
    N_("Terug naar de leeromgeving"),
    N_("Ongeldige sessie"),
    N_("De sessiecode klopt niet."),
    N_("Geen toegang"),
    N_("Deze pagina is alleen voor docenten en trainers."),
)


def language_of(tag: str | None) -> str | None:
    """``en-GB`` -> ``en``, ``nl_NL`` -> ``nl``; ``None`` for a language the UI does not speak."""
    if not tag:
        return None
    language = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return language if language in SUPPORTED_LOCALES else None


def select_locale() -> str:
    """Flask-Babel's locale selector: the launch's locale, else the browser's, else Dutch.

    A page that knows better sets ``g.page_locale`` (the Samenleer guest pages: the
    invitation's language, or the one the guest chose).
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    if g.get("page_locale") in SUPPORTED_LOCALES:
        return g.page_locale
    launch = g.get("launch")
    if launch is not None:
        chosen = language_of(getattr(launch, "locale", None))
        if chosen:
            return chosen
    best = request.accept_languages.best_match(SUPPORTED_LOCALES)
    return language_of(best) or DEFAULT_LOCALE


def page_language() -> str:
    """The ``lang`` of the page: the language the UI is rendered in."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LOCALE


def decimal_mark() -> str:
    """The decimal separator of the UI language: "2,5" in Dutch, "2.5" in English."""
    return "." if page_language() == "en" else ","


def template_context() -> dict[str, Any]:
    """Context processor: ``page_lang`` for ``<html lang>``."""
    return {"page_lang": page_language()}
