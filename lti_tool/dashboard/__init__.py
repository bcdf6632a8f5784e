"""Instructor and trainer views: the course roster with progress and scores."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from . import views  # noqa: E402,F401 - registers the routes
