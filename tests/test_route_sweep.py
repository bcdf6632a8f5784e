"""Every route of the app, with input no database can take: never a 5xx.

Huge integers in ``<int:...>`` path parts (PostgreSQL's INTEGER ends at 2^31 - 1, SQLite's
at 2^63 - 1) are a 404; NUL characters in the path, query, form, cookies or JSON are a 400.
The requests carry a valid instructor launch token, so they reach the views' database
queries; run this file on PostgreSQL too.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from tests.test_learning_support import INSTRUCTOR, make_launch

HUGE = [2**31, 2**63, 2**64 + 7]
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _paths(app, number: int, text: str, only_with_ints: bool = False) -> list[tuple[str, str, str]]:
    """(endpoint, method, path) for every route, its int parts ``number``, other parts ``text``."""
    found = []
    for rule in app.url_map.iter_rules():
        has_int = any(isinstance(conv, IntegerConverter) for conv in rule._converters.values())
        if only_with_ints and not has_int:
            continue
        path = rule.rule
        for name, converter in rule._converters.items():
            value = str(number) if isinstance(converter, IntegerConverter) else text
            path = path.replace(f"<{_spec(rule, name)}>", value)
        for method in sorted(rule.methods - SKIPPED_METHODS):
            found.append((rule.endpoint, method, path))
    return found


def _spec(rule, name: str) -> str:
    """The text between < and > for argument ``name`` in ``rule.rule`` (e.g. ``int:id``)."""
    start = rule.rule.index(f"{name}>")
    return rule.rule[rule.rule.rindex("<", 0, start) + 1:start + len(name)]


@pytest.fixture
def token(app) -> str:
    return make_launch(app, content_item_id="samenleer", roles=(INSTRUCTOR,)).token


def _send(client, method: str, path: str, **kwargs):
    return client.open(path, method=method, **kwargs)


@pytest.mark.parametrize("number", HUGE)
def test_huge_ids_in_any_route_are_not_found(app, client, token, number):
    failures = []
    for endpoint, method, path in _paths(app, number, "x", only_with_ints=True):
        response = _send(client, method, path, query_string={"lt": token}, data={"lt": token})
        if response.status_code >= 500:
            failures.append((endpoint, method, path, response.status_code))
    assert failures == []
    assert client.get(f"/brand/{number}.css").status_code == 404  # anonymous


def test_nul_bytes_anywhere_are_refused_with_400(app, client, token):
    failures = []
    for endpoint, method, path in _paths(app, 1, "a%00b"):
        variants = [
            {"query_string": {"lt": token, "q": "a\x00b"}},
            {"query_string": {"lt": token}, "data": {"lt": token, "text": "a\x00b", "label": "\x00"}},
            {"query_string": {"lt": token}, "json": {"name": ["ok", {"deep": "a\x00b"}]}},
        ]
        for variant in variants:
            response = _send(client, method, path, **variant)
            if response.status_code >= 500:
                failures.append((endpoint, method, path, sorted(variant), response.status_code))
    assert failures == []
    refused = client.post("/samenleer/trajecten", data={"lt": token, "label": "Ali\x00"})
    assert refused.status_code == 400 and refused.json is None
    assert "niet is toegestaan (NUL)" in refused.text
    problem = client.post("/samenleer/trajecten", json={"label": "\x00"},
                          headers={"Accept": "application/json"})
    assert problem.status_code == 400 and problem.json["check"] == "nul_byte"
