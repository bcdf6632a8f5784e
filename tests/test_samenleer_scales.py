"""Every Samenleer theme in the words of its own scale, on the guest's and the professional's
pages; and the guest's pages in the language of the invitation unless the guest chooses."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from lti_tool.content.samenleer_check import load_samenleer
from lti_tool.models.samenleer import SamenleerAnswer
from lti_tool.samenleer.scales import parse_choices, parse_score, shown
from tests.samenleer_support import guest_answers, pro_answers, professional, tracked
from tests.test_concurrency_state import PARALLEL, at_once, server_errors

# past-bij-mij (faces, 1-5), eerlijk-zijn (nog niet / soms / ja), wat-werkt (helps, 1-5),
# kan-beter (how much must change, 1-5), volgende-keer (topics), then the own topic.
PRO_SCORES, GUEST_SCORES = [4, 3, 5, 1], [2, 1, 4, 5]
PRO_TOPICS, GUEST_TOPICS = {5: ["werk", "afspraken"]}, {5: ["werk", "tempo"]}
OLD_FACE_WORDS = ("Gaat helemaal niet goed", "Gaat niet zo goed", "Gaat soms goed", "Gaat goed")


@pytest.fixture
def themes(repo_root: Path):
    loaded, problems = load_samenleer(repo_root / "content_packages" / "werkbegeleiding")
    assert problems == []
    return loaded


@pytest.fixture
def pro(app):
    return professional(app)


def _scale(themes, theme_id):
    return themes.scale_of(themes.theme(theme_id))


def test_a_score_counts_only_on_its_own_scale(themes):
    yes_not_yet, topics = _scale(themes, "eerlijk-zijn"), _scale(themes, "volgende-keer")
    assert parse_score(yes_not_yet, "3") == 3
    assert parse_score(yes_not_yet, "4") is None  # off a three-point scale
    assert parse_score(yes_not_yet, "x") is None and parse_score(None, "2") is None
    assert parse_score(yes_not_yet, "²") is None and parse_score(yes_not_yet, "9" * 5000) is None
    assert parse_score(topics, "2") is None  # topics have no points
    assert parse_choices(topics, ["tempo", "onbekend", "werk", "werk"]) == "werk tempo"
    assert parse_choices(yes_not_yet, ["werk"]) == ""


def test_an_answer_is_shown_in_its_scales_words(themes):
    anders, topics = _scale(themes, "kan-beter"), _scale(themes, "volgende-keer")
    answer = SamenleerAnswer(score=1, choices="", text="Niks")
    assert shown(anders, answer).label == "Niets" and shown(anders, answer).point.picture == "niets"
    chosen = shown(topics, SamenleerAnswer(score=None, choices="tempo werk", text=""))
    assert chosen.label == "Mijn werk, Mijn tempo" and chosen.chosen
    off_scale = shown(_scale(themes, "eerlijk-zijn"), SamenleerAnswer(score=5, choices="", text=""))
    assert off_scale.given and not off_scale.chosen and off_scale.label == ""
    assert not shown(anders, None).given


def _revealed(app, client, pro, visual=True):
    track_id, guest = tracked(app, pro, client, visual=visual)
    pro_answers(client, app, pro, track_id, PRO_SCORES, {1: "Goed contact"}, topics=PRO_TOPICS)
    guest_answers(client, app, guest, GUEST_SCORES, {1: "Soms te snel"}, topics=GUEST_TOPICS)
    return track_id, guest


def _card(page: str, theme_id: str) -> str:
    card = rf'<li class="compare-card[^"]*" id="thema-{theme_id}">(.*?)</li>\s*(?=<li class="compare|</ol>)'
    return re.search(card, page, re.S).group(1)


def test_guest_compare_cards_show_each_scale_with_its_own_words(app, client, pro):
    _track_id, guest = _revealed(app, client, pro)
    page = client.get(f"{guest.path}/samen?gt={guest.token}").text
    expected = {
        "past-bij-mij": ("Past de hulp?", "Past goed", "Past niet zo goed", "picture-blij"),
        "eerlijk-zijn": ("Eerlijk zijn", "Ja", "Nog niet", "picture-nog-niet"),
        "wat-werkt": ("Wat helpt", "Helpt heel veel", "Helpt veel", "picture-heel-veel"),
        "kan-beter": ("Wat kan anders", "Niets", "Heel veel", "picture-niets"),
    }
    for theme_id, (title, pro_words, guest_words, picture) in expected.items():
        card = _card(page, theme_id)
        assert f">{title}</h2>" in card and 'class="pictogram"' in card and picture in card
        # Je begeleider first, then Jij: each in the words of this theme's scale.
        assert card.index(f">{pro_words}</strong>") < card.index(f">{guest_words}</strong>")
        assert 'data-speak="thema-' + theme_id in card
    topics = _card(page, "volgende-keer")
    assert all(f">{label}</strong>" in topics for label in ("Mijn werk", "Onze afspraken", "Mijn tempo"))
    assert "Allebei gekozen:" in topics and 'lang="nl">Mijn werk</span>' in topics
    assert not any(words in page for words in OLD_FACE_WORDS)
    assert "<table" not in page  # cards, not the dense table
    talk_first = page[page.index('id="eerst-praten"'):page.index('<ol class="compare-cards"')]
    assert ">Wat kan anders</a>" in talk_first  # 1 against 5: the biggest difference


def test_professional_round_page_shows_each_scale_with_its_own_words(app, client, pro):
    track_id, _guest = _revealed(app, client, pro)
    page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    rows = {m.group(1): m.group(0) for m in re.finditer(
        r'<tr[^>]*>\s*<th scope="row"><span lang="nl">([^<]+)</span>.*?</tr>', page, re.S)}
    assert "Past goed" in rows["Past de begeleiding bij mij?"]
    assert "Hoeveel moet er anders?" in rows["Wat kan beter?"] and "Heel veel" in rows["Wat kan beter?"]
    assert "Kan ik" not in rows["Kunnen we eerlijk zijn?"] and "Nog niet" in rows["Kunnen we eerlijk zijn?"]
    topics = rows["Waar wil ik het de volgende keer over hebben?"]
    assert "Onze afspraken" in topics and "Allebei gekozen:" in topics
    assert not any(words in page for words in OLD_FACE_WORDS)


def test_question_pages_offer_the_fitting_answers(app, client, pro):
    _track_id, guest = tracked(app, pro, client, visual=True)
    anders = client.get(f"{guest.path}/vraag/4?gt={guest.token}").text
    assert '<legend lang="nl">Hoeveel moet er anders?</legend>' in anders
    assert anders.count('type="radio"') == 5 and "picture-heel-veel" in anders
    topics = client.get(f"{guest.path}/vraag/5?gt={guest.token}").text
    assert 'type="radio"' not in topics and topics.count('type="checkbox" name="topic"') == 6
    client.post(f"{guest.path}/vraag/5", data={"gt": guest.token, "topic": ["tempo", "x"], "score": "3"})
    again = client.get(f"{guest.path}/vraag/5?gt={guest.token}").text
    assert 'value="tempo" checked' in again and 'value="werk" checked' not in again
    review = client.get(f"{guest.path}/overzicht?gt={guest.token}").text
    assert ">Mijn tempo</strong>" in review and "Nog niet ingevuld" in review


def test_guest_pages_speak_the_invitations_language_unless_the_guest_chooses(app, client, pro):
    _track_id, guest = _revealed(app, client, pro)
    english_phone = {"Accept-Language": "en-GB,en;q=0.9"}
    page = client.get(f"{guest.path}/samen?gt={guest.token}", headers=english_phone).text
    assert '<html lang="nl">' in page and "Lees voor" in page and "Read aloud" not in page
    assert 'hreflang="en"' in page and 'aria-current="true">Nederlands' in page

    chosen = client.get(f"{guest.path}/samen?gt={guest.token}&taal=en", headers=english_phone)
    assert '<html lang="en">' in chosen.text and "Read aloud" in chosen.text
    assert '<h2 lang="nl">Past de hulp?</h2>' in chosen.text  # the questions stay Dutch, marked so
    assert "samenleer_taal=en" in chosen.headers["Set-Cookie"]
    later = client.get(f"{guest.path}/start?gt={guest.token}")  # the cookie remembers the choice
    assert '<html lang="en">' in later.text
    back = client.get(f"{guest.path}/start?gt={guest.token}&taal=nl")
    assert '<html lang="nl">' in back.text
    assert client.get(f"{guest.path}/start?gt={guest.token}&taal=xx").status_code == 200


def test_a_query_parameter_named_like_the_path_keeps_the_language_links(app, client, pro):
    _track_id, guest = _revealed(app, client, pro)
    response = client.get(f"{guest.path}/start?gt={guest.token}&invite=iets-anders")
    assert response.status_code == 200
    assert f'href="{guest.path}/start?' in response.text and "iets-anders" not in response.text


def test_parallel_topic_choices_make_one_whole_answer(live_server, app, pro):
    """Twenty taps on "Volgende" with different topics at the same moment: one row, holding
    one of the choices as sent (never a mix), and no server error."""
    client = app.test_client()
    _track_id, guest = tracked(app, pro, client)
    sent = [["werk"], ["tempo", "gevoel"], ["afspraken", "collegas", "leren"]]
    responses = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}{guest.path}/vraag/5",
        data={"gt": guest.token, "topic": sent[threading.get_ident() % len(sent)], "text": "x"},
        allow_redirects=False))
    with app.extensions["db"].session() as session:
        rows = session.scalars(select(SamenleerAnswer).where(
            SamenleerAnswer.theme_id == "volgende-keer")).all()
        figures = {"rows": len(rows), "5xx": len(server_errors(responses)),
                   "whole choice": set(rows[0].choices.split()) in [set(s) for s in sent]}
    assert figures == {"rows": 1, "5xx": 0, "whole choice": True}
