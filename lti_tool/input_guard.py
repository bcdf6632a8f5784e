"""Requests with a NUL character in a parameter are refused with a 400.

PostgreSQL cannot store a NUL in text (it raised a 500 wherever one reached a query,
e.g. ``/lti/login?iss=%00``), and no person or platform needs one in a form field, a query
parameter or a path. Claims inside an id_token are handled in ``lti/claim_values.py``.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext

from .errors import ProblemError

NUL = "\x00"


def _request_values() -> list[str]:
    values = [value for _name, items in request.args.lists() for value in items]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [value for _name, items in request.form.lists() for value in items]
    values += [value for value in (request.view_args or {}).values() if isinstance(value, str)]
    return values


def refuse_nul_input() -> None:
    if any(NUL in value for value in _request_values()):
        raise ProblemError(400, gettext("Ongeldige invoer"),
                           gettext("Het verzoek bevat een teken dat niet is toegestaan (NUL)."),
                           check="nul_character")


def install_input_guard(app: Flask) -> None:
    app.before_request(refuse_nul_input)
