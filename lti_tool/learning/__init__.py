"""The module player: one page per block, one small renderer (template) per block type.

Endpoints (blueprint ``learning``): ``entry``, ``course``, ``module``, ``block``,
``done``, ``answer``, ``summary`` and ``media``.
"""

from flask import Blueprint

from ..i18n import template_context

bp = Blueprint("learning", __name__)
# ``page_lang`` for ``<html lang>`` on every page of the app, from the selected locale.
bp.app_context_processor(template_context)

from . import escape_views, views  # noqa: E402,F401  (registers the routes on ``bp``)
