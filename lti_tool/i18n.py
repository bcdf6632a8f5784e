"""Which language the UI speaks for a request: Dutch first, English second.

The platform's launch says what the learner's LMS speaks (``launch_presentation.locale``);
without a launch the browser's ``Accept-Language`` decides. Course content stays Dutch:
only the tool's own texts are translated (``lti_tool/translations``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_request_context, request
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

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


def _request_translations() -> Any:
    """The request's translations, looked up once per request and locale.

    Flask-Babel's ``get_translations`` reaches its context through ``flask.g`` three times
    and builds the cache key from the locale on every call; a page calls it 40-100 times.
    This keeps the result on Flask-Babel's own per-request namespace beside the locale it
    was looked up for: when the locale changes (``force_locale``, ``refresh``), the
    translations are looked up again.
    """
    app_ctx = _cv_app.get(None)
    if app_ctx is None:
        return get_translations()
    ctx = app_ctx.g.__dict__.get("_flask_babel")
    kept = getattr(ctx, "lti_translations", None) if ctx is not None else None
    if kept is not None and kept[0] is getattr(ctx, "babel_locale", None):
        return kept[1]
    translations = get_translations()  # fixes the locale (``ctx.babel_locale``) if not yet
    ctx = app_ctx.g.__dict__.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    if ctx is not None and locale is not None:
        ctx.lti_translations = (locale, translations)
    return translations


def markup_gettext(string: str, **variables: Any) -> Markup:
    """The translated message as a template's ``_`` gives it (autoescape on): the message is
    ours and stays as it is, the values are escaped. For text a view prepares for a template."""
    message = Markup(_request_translations().ugettext(string))  # noqa: S704 - ours, as Jinja's gettext
    return message % variables


@pass_eval_context
def _template_gettext(__context: EvalContext, __string: str, **variables: Any) -> str:
    """Jinja's new-style ``gettext`` (``jinja2.ext._make_new_gettext``), same result, with the
    request's translations kept and without its extra ``context.call`` per message. It takes
    the evaluation context, not the template context: a function that takes the template
    context makes Jinja copy that context for every call inside a loop."""
    if __context.autoescape:
        return markup_gettext(__string, **variables)
    return _request_translations().ugettext(__string) % variables


@pass_eval_context
def _template_ngettext(__context: EvalContext, __singular: str, __plural: str, __num: int,
                       **variables: Any) -> str:
    """Jinja's new-style ``ngettext``, as ``_template_gettext``."""
    variables.setdefault("num", __num)
    rv = _request_translations().ungettext(__singular, __plural, __num)
    if __context.autoescape:
        rv = Markup(rv)  # noqa: S704 - the translated message (ours), as Jinja's own gettext does
    return rv % variables


def install_template_gettext(app: Flask) -> None:
    """After ``Babel(app)``: templates' ``_``, ``gettext`` and ``ngettext`` (also what
    ``{% trans %}`` compiles to) take the request's kept translations. ``_`` is the same
    function as ``gettext`` instead of Jinja's alias that resolves it per call."""
    app.jinja_env.globals.update(gettext=_template_gettext, _=_template_gettext,
                                 ngettext=_template_ngettext)
