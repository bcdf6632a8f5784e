"""Error pages say what happened and what to do, in the page's language; the technical
facts (failed check, request id) are folded away for the administrator; programs that ask
for JSON keep RFC 9457 problem details."""

from __future__ import annotations

import re

import pytest
from flask import abort
from test_learning_support import make_launch

from lti_tool.errors import STATUS_TEXTS

DUTCH = {"Accept-Language": "nl"}
ENGLISH = {"Accept-Language": "en"}
STATUSES = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500)
# Werkzeug's English names and texts, which a Dutch page showed before.
WERKZEUG_WORDS = ("Not Found", "Method Not Allowed", "The requested URL", "Bad Request",
                  "Internal Server Error", "Too Many Requests")


def main_text(html: str) -> str:
    main = html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def outside_details(html: str) -> str:
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


@pytest.fixture
def aborting_app(app):
    """The app with one route per status (``/_status/<code>``): an abort, as any view may."""
    def _abort(code: int):
        if code == 500:
            raise RuntimeError("boom")
        abort(code)
    app.add_url_rule("/_status/<int:code>", view_func=_abort)
    return app


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_dutch_and_an_english_page(aborting_app, status):
    client = aborting_app.test_client()
    dutch = client.get(f"/_status/{status}", headers=DUTCH)
    english = client.get(f"/_status/{status}", headers=ENGLISH)
    assert dutch.status_code == english.status_code == status
    nl_html, en_html = dutch.get_data(as_text=True), english.get_data(as_text=True)
    assert '<html lang="nl">' in nl_html and '<html lang="en">' in en_html
    assert STATUS_TEXTS[status].title in nl_html
    assert STATUS_TEXTS[status].advice.split(".")[0] in nl_html
    assert STATUS_TEXTS[status].title not in en_html
    for word in WERKZEUG_WORDS:
        assert word not in main_text(nl_html)
    # What to do is in the page; the status code only in the folded technical details.
    assert f">{status}<" not in outside_details(nl_html)
    assert "<summary>Technische gegevens (voor de beheerder)</summary>" in nl_html
    assert "<summary>Technical details (for the administrator)</summary>" in en_html


@pytest.mark.parametrize("status", (404, 405, 500))
def test_json_callers_keep_problem_details(aborting_app, status):
    response = aborting_app.test_client().get(f"/_status/{status}",
                                              headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == status


def test_real_404_and_405_pages_in_dutch(client):
    missing = client.get("/bestaat-niet", headers=DUTCH)
    assert missing.status_code == 404
    assert "Deze pagina bestaat niet" in missing.get_data(as_text=True)
    wrong_method = client.put("/learn/course", headers=DUTCH)
    assert wrong_method.status_code == 405
    text = main_text(wrong_method.get_data(as_text=True))
    assert "Deze pagina werkt niet zo" in text and "Method Not Allowed" not in text


def test_check_name_only_inside_the_details(app, client):
    info = make_launch(app, expired=True)
    response = client.get("/learn/course", query_string={"lt": info.token}, headers=ENGLISH)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Your session has expired" in main_text(html)
    details = re.search(r"<details.*?</details>", html, flags=re.S).group(0)
    assert "<code>" in details
    assert "<code>" not in outside_details(html)


def test_bad_samenleer_invite_page_in_english(client):
    """The guest chose English (``?taal=en``); the page was Dutch: its texts were not marked."""
    response = client.get("/s/not-a-real-invite/?taal=en")
    assert response.status_code == 404
    text = main_text(response.get_data(as_text=True))
    assert "This link does not work" in text and "ask your supervisor for a new link" in text
    assert "Deze link werkt niet" not in text


def test_every_problem_text_in_the_code_is_translated():
    """A ProblemError's title and detail are looked up in error.html: a literal that is not
    in the catalogue shows Dutch on an English page (the bad-invite page did)."""
    import ast

    from babel.messages.pofile import read_po

    from lti_tool.settings import PROJECT_ROOT

    po = PROJECT_ROOT / "lti_tool" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        known = {message.id for message in read_po(handle) if message.string}
    missing = []
    for path in (PROJECT_ROOT / "lti_tool").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ProblemError":
                for arg in node.args[1:3]:
                    if isinstance(arg, ast.Constant) and arg.value and arg.value not in known:
                        missing.append(f"{path.name}: {arg.value}")
    assert not missing, missing
