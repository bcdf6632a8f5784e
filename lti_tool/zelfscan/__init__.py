"""Zelfscan: a self-assessment on the competences of the role, a personal learning path
through the modules, and growth over time.

Endpoints (blueprint ``zelfscan``, under ``/zelfscan``): ``start``, ``begin``, ``area``,
``save_area``, ``save_one``, ``review``, ``finish``, ``result``, ``share``, ``path``,
``change_path``, ``launch_entry`` (a ``zelfscan:<id>`` placement); for instructors
``group_view``, ``group_export`` and ``shared_result``.
Pure logic: ``scoring``, ``path``, ``group.profile``, ``chart``, ``export``.
"""

from flask import Blueprint

from .course_home import template_context

bp = Blueprint("zelfscan", __name__, url_prefix="/zelfscan")
bp.app_context_processor(template_context)

from . import entry, group_views, result_views, views  # noqa: E402,F401  (routes on ``bp``)

entry.register_content_items()

__all__ = ["bp"]
