"""The module player (being built)."""

from flask import Blueprint

bp = Blueprint("learning", __name__)
