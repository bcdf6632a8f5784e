"""Input no database can take is refused at the door with a 4xx, never a 500 further on.

* ``<int:...>`` in every route only matches numbers that fit a database id (PostgreSQL's
  ``INTEGER``; SQLite's limit is higher): ``/brand/99999999999.css`` is a plain 404.
* A NUL character in the path, query string, form fields, cookies or a JSON body is a 400:
  PostgreSQL cannot store it in text, and no person types one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, Map

from .errors import ProblemError

MAX_DATABASE_ID = 2**31 - 1
NUL = "\x00"


class DatabaseIdConverter(IntegerConverter):
    """``int`` with an upper bound of ``MAX_DATABASE_ID`` unless a route sets its own."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_DATABASE_ID if max is None else max, signed)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def _multi_has_nul(multi: MultiDict[str, str]) -> bool:
    """Whether any name or value of ``multi`` holds a NUL: one join and one search, in C."""
    return bool(multi) and NUL in "".join(map("".join, multi.items(multi=True)))


def refuse_nul_bytes() -> None:
    """``before_request``: a 400 problem when any text the request carries holds a NUL."""
    found = any(_contains_nul(name) or _contains_nul(value)
                for name, value in (request.view_args or {}).items())
    found = found or any(_multi_has_nul(multi) for multi in (request.args, request.form, request.cookies))
    if not found and request.is_json:
        found = _contains_nul(request.get_json(silent=True))
    if found:
        raise ProblemError(400, _("Ongeldige tekens"),
                           _("Het verzoek bevat een teken dat niet is toegestaan (NUL)."),
                           check="nul_byte")


def install_request_guards(app: Flask) -> None:
    """Before any route is registered: the converter only applies to routes added after it."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_nul_bytes)
