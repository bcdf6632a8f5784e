"""UI language: Dutch first, English second; the committed catalogue is complete and compiled."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from test_learning_support import make_launch

from lti_tool.i18n import language_of
from lti_tool.models import LaunchSession
from lti_tool.settings import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "lti_tool" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def launch_with_locale(app, locale: str | None) -> str:
    info = make_launch(app)
    with app.extensions["db"].session() as session:
        session.get(LaunchSession, info.session_id).locale = locale
    return info.token


def home(client, token: str, **headers: str) -> str:
    response = client.get("/learn/course", query_string={"lt": token}, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("tag", "language"), [
    ("en-GB", "en"), ("en_US", "en"), ("nl-NL", "nl"), ("NL", "nl"), ("de-DE", None), ("", None),
    (None, None),
])
def test_language_of(tag, language):
    assert language_of(tag) == language


def test_launch_locale_en_shows_course_home_in_english(app, client):
    html = home(client, launch_with_locale(app, "en-GB"))
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Not started yet" in html and "About 15 minutes" in html
    assert "Nog niet begonnen" not in html
    # Course content stays Dutch, and says so (WCAG 3.1.2 language of parts).
    assert '<h1 lang="nl">Werkbegeleiding in de praktijk</h1>' in html
    assert "De rol van de werkbegeleider" in html


def test_launch_locale_beats_the_browser(app, client):
    html = home(client, launch_with_locale(app, "nl-NL"), **{"Accept-Language": "en"})
    assert '<html lang="nl">' in html and "Nog niet begonnen" in html


def test_default_is_dutch(app, client):
    html = home(client, launch_with_locale(app, None))
    assert '<html lang="nl">' in html and "Naar de inhoud" in html and "Nog niet begonnen" in html
    assert "<h1>Werkbegeleiding in de praktijk</h1>" in html  # no lang needed on Dutch pages
    # An unsupported launch locale falls back to the browser, then to Dutch.
    html = home(client, launch_with_locale(app, "de-DE"), **{"Accept-Language": "de, fr;q=0.5"})
    assert '<html lang="nl">' in html and "Nog niet begonnen" in html


def test_browser_language_without_launch(client):
    response = client.get("/learn/course", headers={"Accept-Language": "en-US,en;q=0.8,nl;q=0.5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and '<html lang="en">' in html
    assert "Not started from the learning platform" in html and "Error code" in html
    dutch = client.get("/learn/course").get_data(as_text=True)
    assert '<html lang="nl">' in dutch and "Niet gestart vanuit de leeromgeving" in dutch


def test_block_page_in_english(app, client):
    token = launch_with_locale(app, "en")
    response = client.get("/learn/m/rol-van-de-werkbegeleider/b/rol-quiz", query_string={"lt": token})
    html = response.get_data(as_text=True)
    assert "Check your answers" in html and "Step " in html and "Question 1" in html
    assert "(2 points)" in html and "(1 point)" in html
    assert 'lang="nl">De leidinggevende</label>' in html


def test_every_message_is_translated():
    catalog = read_po(PO.open("rb"), locale="en")
    untranslated = [m.id for m in catalog if m.id and (
        not all(m.string) if isinstance(m.string, tuple) else not m.string)]
    assert not untranslated, f"untranslated: {untranslated}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy: {fuzzy}"


# The module player's own UI: every message here must be in the English catalogue.
PLAYER_SOURCES = ("lti_tool/i18n.py", "lti_tool/learning/", "lti_tool/templates/base.html",
                  "lti_tool/templates/error.html", "lti_tool/templates/start.html",
                  "lti_tool/templates/learning/", "lti_tool/templates/blocks/")


def test_catalogue_covers_the_player():
    """A fresh extraction finds no player message that the English catalogue lacks."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(
        (PROJECT_ROOT / "babel.cfg").read_text(encoding="utf-8")))
    found = {message for filename, _line, message, _comments, _context in
             extract_from_dir(str(PROJECT_ROOT), method_map, options_map)
             if filename.startswith(PLAYER_SOURCES)}
    assert "Naar de inhoud" in found and "Controleer je antwoorden" in found
    ids = {m.id if isinstance(m.id, str) else tuple(m.id)
           for m in read_po(PO.open("rb"), locale="en") if m.id}
    missing = sorted(str(m) for m in found if (m if isinstance(m, str) else tuple(m)) not in ids)
    assert not missing, f"run pybabel extract/update (see babel.cfg): {missing}"


def test_committed_mo_matches_the_po():
    catalog = read_po(PO.open("rb"), locale="en")
    fresh = io.BytesIO()
    write_mo(fresh, catalog, use_fuzzy=False)
    assert Path(MO).read_bytes() == fresh.getvalue(), "run: pybabel compile -d lti_tool/translations"
