"""The LTI edge (being built)."""

from flask import Blueprint

bp = Blueprint("lti", __name__, url_prefix="/lti")
