"""The module player: one page per block, one small renderer (template) per block type.

Endpoints (blueprint ``learning``): ``entry``, ``course``, ``module``, ``block``,
``done``, ``answer``, ``summary`` and ``media``.
"""

from flask import Blueprint

bp = Blueprint("learning", __name__)

from . import views  # noqa: E402,F401  (registers the routes on ``bp``)
