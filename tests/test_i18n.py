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
    assert "Skip to content" in html and "Not started yet" in html and "About 24 minutes" in html
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


# The whole tool speaks English too: every message in lti_tool/ (Python and templates), the
# export page included, must be in the English catalogue. The development LMS (devlms/, apart
# from the tool) stays Dutch.
GUARDED = ("lti_tool/",)
DUTCH_ONLY = ("devlms/",)


def _extract() -> tuple[set[str], dict[str, set]]:
    """Run babel.cfg as ``pybabel extract`` does: the files it scans, and the messages per file."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(
        (PROJECT_ROOT / "babel.cfg").read_text(encoding="utf-8")))
    scanned: set[str] = set()

    def seen(filename: str, method: str, _options) -> None:
        if method != "ignore":
            scanned.add(Path(filename).as_posix())

    messages: dict[str, set] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, callback=seen):
        key = message if isinstance(message, str) else tuple(message)
        messages.setdefault(key, set()).add(Path(filename).as_posix())
    return scanned, messages


def test_babel_cfg_scans_the_whole_tool():
    """Every Python file and template of the tool is extracted, except the development LMS."""
    scanned, _messages = _extract()
    sources = {path.relative_to(PROJECT_ROOT).as_posix()
               for pattern in ("lti_tool/**/*.py", "lti_tool/templates/**/*.html")
               for path in PROJECT_ROOT.glob(pattern)}
    expected = {path for path in sources if not path.startswith(DUTCH_ONLY)}
    assert not sorted(expected - scanned), "add these to babel.cfg"
    assert not sorted(path for path in scanned if path.startswith(DUTCH_ONLY))
    assert not sorted(path for path in scanned if not path.startswith(GUARDED))


def test_catalogue_covers_the_whole_tool():
    """A fresh extraction finds no message that the English catalogue lacks or leaves empty."""
    _scanned, messages = _extract()
    found = {message for message, files in messages.items()
             if any(path.startswith(GUARDED) for path in files)}
    for sentinel in ("Naar de inhoud", "Controleer je antwoorden", "Voortgang van de groep",
                     "Begin met de zelfscan", "Samenleer-gesprekken", "Inhoud kiezen",
                     "Uitgaande berichten", "Exporteren", "Kies een SCORM-versie",
                     "Niet gestart vanuit de leeromgeving"):
        assert sentinel in found, sentinel
    translated = {(m.id if isinstance(m.id, str) else tuple(m.id)): m.string
                  for m in read_po(PO.open("rb"), locale="en") if m.id and not m.fuzzy}
    missing = sorted(str(m) for m in found if m not in translated)
    assert not missing, f"run pybabel extract/update (see babel.cfg): {missing}"
    empty = sorted(str(m) for m in found
                   if not (all(translated[m]) if isinstance(translated[m], tuple) else translated[m]))
    assert not empty, f"translate in {PO.relative_to(PROJECT_ROOT)}: {empty}"


def test_committed_mo_matches_the_po():
    catalog = read_po(PO.open("rb"), locale="en")
    fresh = io.BytesIO()
    write_mo(fresh, catalog, use_fuzzy=False)
    assert Path(MO).read_bytes() == fresh.getvalue(), "run: pybabel compile -d lti_tool/translations"


def test_quiz_feedback_in_plain_english(app, client):
    token = launch_with_locale(app, "en-GB")
    url = "/learn/m/rol-van-de-werkbegeleider/b/rol-quiz"
    client.post(url + "/answer", data={"lt": token, "attempt": "0", "q-beoordeling": "a",
                                       "q-doorverwijzen": ["a", "c"], "q-vertrouwen": "b"})
    html = " ".join(client.get(url, query_string={"lt": token}).get_data(as_text=True).split())
    # 0 + 2 * 2/3 + 1 + 0 = 2.33 of 5 points: 46.6%
    assert "You got 1 of the 4 questions right. Your score is 46%." in html
    assert "You get 1.3 of the 2 points." in html and "Also right:" in html
    assert "The right answer:" in html and "(not passed yet)" in html
    assert "(done)" not in html and "Ook" not in html
