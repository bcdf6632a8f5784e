"""In real Chromium: axe on every Samenleer page type, the guest page's weight, and a whole
round with the professional in the development LMS and the guided person on a phone."""

from __future__ import annotations

import re

import pytest

from devlms.seed import COURSE_CONTEXT_ID, add_placement, course_by_context
from lti_tool.samenleer.ratelimit import TRACK_LIMIT
from tests.browser_support import assert_accessible, transferred_bytes
from tests.samenleer_support import (
    CODE,
    client_at,
    guest_answers,
    invite_link,
    invite_path,
    new_track,
    pro_answers,
    professional,
    sign_in,
    start_round,
    tracked,
)

pytestmark = pytest.mark.browser
PAGE_BUDGET = 60 * 1024
PHONE_WIDTH = 360


def test_professional_pages_are_accessible(page, live_server, app):
    client = app.test_client()
    pro = professional(app)
    track_id, guest = tracked(app, pro, client, label="Ali")
    pro_answers(client, app, pro, track_id, [5, 4, 2, 4, 3], {1: "Goed contact"})
    guest_answers(client, app, guest, [2, 4, 4, 4, 3], {1: "Soms te snel"})
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "Rustiger"})
    start_round(client, pro, track_id)
    new_track(client, pro, "Bo")
    stranger = client_at(app, "198.51.100.9")
    for _try in range(TRACK_LIMIT):  # the track page then offers to lift the lock
        stranger.post(guest.path + "/", data={"code": "9999"})
    lt = f"lt={pro.token}"
    for path in ("/samenleer/", f"/samenleer/t/{track_id}", f"/samenleer/t/{track_id}/r/1",
                 f"/samenleer/t/{track_id}/r/2/vraag/1", f"/samenleer/t/{track_id}/r/2/overzicht",
                 f"/samenleer/t/{track_id}/export", f"/samenleer/t/{track_id}/verwijderen"):
        page.goto(f"{live_server}{path}?{lt}")
        page.locator("h1").first.wait_for()
        assert_accessible(page, f"on {path}")
    page.goto(f"{live_server}/samenleer/t/{track_id}?{lt}")
    page.get_by_role("button", name="Blokkade opheffen").click()
    page.get_by_text("De blokkade is opgeheven").wait_for()
    page.get_by_role("button", name="Nieuwe link en QR-code maken").click()
    page.locator("svg.qr-code").wait_for()
    assert_accessible(page, "on the invite page")


def _small_targets(page) -> list[str]:
    """Visible links, buttons and answer choices smaller than 44 by 44 CSS pixels."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        'a[href], button, .scale-option label, .topic-option label')).filter(e => {
          const box = e.getBoundingClientRect(), style = getComputedStyle(e);
          if (!box.width || style.visibility === 'hidden' || e.classList.contains('skip-link')) return false;
          return box.width < 44 || box.height < 44;
        }).map(e => e.outerHTML.slice(0, 120))""")


def _check_page(page, context: str) -> None:
    """axe finds nothing, touch targets are big enough, and nothing scrolls sideways."""
    assert_accessible(page, context)
    assert _small_targets(page) == [], context
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH, context


@pytest.mark.parametrize("visual", [True, False], ids=["visual", "plain"])
def test_guest_pages_are_accessible_and_small(phone_page, live_server, app, visual):
    client = app.test_client()
    pro = professional(app)
    track_id = new_track(client, pro, visual=visual)
    path = invite_path(invite_link(client, pro, track_id))
    phone_page.goto(f"{live_server}{path}/")
    _check_page(phone_page, "on the code page (first visit)")
    guest = sign_in(client, path)
    start_round(client, pro, track_id)

    phone_page.goto(f"{live_server}{path}/vraag/1?gt={guest.token}")
    transferred = transferred_bytes(phone_page)
    assert transferred < PAGE_BUDGET, transferred
    if visual:
        speak = phone_page.get_by_role("button", name="Lees voor")
        has_speech = phone_page.evaluate("() => 'speechSynthesis' in window")
        assert speak.is_visible() == has_speech
        assert phone_page.locator("#voorlezen-niet").is_visible() != has_speech
    for step in range(1, 7):  # a question of every kind of scale, and the own topic
        phone_page.goto(f"{live_server}{path}/vraag/{step}?gt={guest.token}")
        phone_page.locator("h1").wait_for()
        _check_page(phone_page, f"on question {step} ({'visual' if visual else 'plain'})")

    guest_answers(client, app, guest, [3, 3, 3, 3], topics={5: ["werk"]}, done=False)
    for target in ("/overzicht", "/start", "/wissen"):
        phone_page.goto(f"{live_server}{path}{target}?gt={guest.token}")
        phone_page.locator("h1").wait_for()
        _check_page(phone_page, f"on {target}")
    pro_answers(client, app, pro, track_id, [4, 2, 4, 4], topics={5: ["werk", "tempo"]})
    client.post(f"{path}/klaar", data={"gt": guest.token})
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "Rustig aan"})
    for target in ("/samen", "/samen/1", "/eerder", "/start", "/samen?taal=en"):
        phone_page.goto(f"{live_server}{path}{target}{'&' if '?' in target else '?'}gt={guest.token}")
        phone_page.locator("h1").wait_for()
        _check_page(phone_page, f"on {target}")
    fresh = phone_page.context.browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740})
    code_page = fresh.new_page()
    code_page.goto(f"{live_server}{path}/")
    _check_page(code_page, "on the code page (returning)")
    fresh.close()


# A stand-in for the phone's speech engine (headless Chromium has no voices): it offers the
# voices it is given and records what it is asked to say, in which language.
FAKE_SPEECH = """(() => {
  const voices = %s.map(lang => ({lang, name: 'Fake ' + lang, default: false}));
  window.spoken = [];
  const fake = {speaking: false, getVoices: () => voices, cancel() {},
                speak(u) { window.spoken.push({text: u.text, lang: u.lang,
                                               voice: u.voice ? u.voice.lang : null}); }};
  Object.defineProperty(window, 'speechSynthesis', {value: fake});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""


def _english_phone(browser, voices: list[str]):
    """A phone set to English, with a speech engine that has ``voices``."""
    context = browser.new_context(locale="en-GB", viewport={"width": PHONE_WIDTH, "height": 740},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_init_script(FAKE_SPEECH % voices)
    return context


def _revealed_visual_round(app):
    client = app.test_client()
    pro = professional(app)
    track_id = new_track(client, pro, visual=True)
    path = invite_path(invite_link(client, pro, track_id))
    guest = sign_in(client, path)
    start_round(client, pro, track_id)
    guest_answers(client, app, guest, [2, 1, 4, 5], {1: "Soms te snel"}, topics={5: ["tempo"]},
                  done=False)
    return client, pro, track_id, guest


def test_guest_review_and_compare_are_visual_on_an_english_phone(browser, live_server, app):
    client, pro, track_id, guest = _revealed_visual_round(app)
    context = _english_phone(browser, ["en-GB", "nl-NL"])
    phone = context.new_page()

    phone.goto(f"{live_server}{guest.path}/overzicht?gt={guest.token}")
    assert phone.locator("html").get_attribute("lang") == "nl"  # the invitation's language
    cards = phone.locator(".answer-card")
    assert cards.count() == 6 and phone.locator(".answer-card .card-head .pictogram").count() == 6
    assert phone.locator(".answer-card .picture").count() == 4  # a face, "nog niet", two amounts
    phone.get_by_text("Past niet zo goed").wait_for()
    phone.get_by_text("Heel veel").wait_for()
    phone.get_by_text("Mijn tempo").wait_for()
    assert phone.get_by_role("button", name="Lees voor").count() == 6
    assert phone.get_by_role("button", name="Read aloud").count() == 0
    assert phone.get_by_role("link", name=re.compile("^Aanpassen")).count() == 6
    _check_page(phone, "on the visual review page")

    client.post(f"{guest.path}/klaar", data={"gt": guest.token})
    pro_answers(client, app, pro, track_id, [4, 3, 5, 1], topics={5: ["werk", "tempo"]})
    phone.goto(f"{live_server}{guest.path}/samen?gt={guest.token}")
    card = phone.locator("#thema-kan-beter")
    assert card.locator("h2").inner_text() == "Wat kan anders"
    mentor, me = card.locator(".side").nth(0), card.locator(".side").nth(1)
    assert "Niets" in mentor.inner_text() and "Heel veel" in me.inner_text()
    assert mentor.bounding_box()["y"] == me.bounding_box()["y"]  # next to each other on a phone
    assert card.locator("svg.picture").count() == 2 and card.locator("svg.pictogram").count() == 1
    assert "Hier verschillen jullie" in card.inner_text()
    assert "Allebei gekozen: Mijn tempo" in phone.locator("#thema-volgende-keer").inner_text()
    assert phone.locator("#thema-eerlijk-zijn").get_by_text("Ja", exact=True).is_visible()
    assert "Gaat" not in phone.locator("main").inner_text()  # no face words under other questions
    _check_page(phone, "on the visual compare page")

    card.get_by_role("button", name="Lees voor").click()
    spoken = phone.evaluate("() => window.spoken")
    assert {part["lang"] for part in spoken} == {"nl-NL"}
    assert all(part["voice"] == "nl-NL" for part in spoken)
    assert "Wat kan anders" in spoken[0]["text"] and "Heel veel" in spoken[0]["text"]
    assert "Lees voor" not in spoken[0]["text"]

    phone.get_by_role("link", name="English").click()
    phone.get_by_role("heading", name="Side by side", level=1).wait_for()
    phone.evaluate("() => { window.spoken = []; }")
    phone.locator("#thema-kan-beter").get_by_role("button", name="Read aloud").click()
    spoken = phone.evaluate("() => window.spoken")
    langs = [part["lang"] for part in spoken]
    assert "nl-NL" in langs and "en-GB" in langs  # each part in the language it is written in
    dutch = " ".join(p["text"] for p in spoken if p["lang"] == "nl-NL")
    english = " ".join(p["text"] for p in spoken if p["lang"] == "en-GB")
    assert "Wat kan anders" in dutch and "Heel veel" in dutch and "Your mentor" in english
    _check_page(phone, "on the compare page in English")
    context.close()


def test_read_aloud_says_so_when_the_phone_has_no_dutch_voice(browser, live_server, app):
    _client, _pro, _track_id, guest = _revealed_visual_round(app)
    context = _english_phone(browser, ["en-GB", "en-US"])
    phone = context.new_page()
    phone.goto(f"{live_server}{guest.path}/vraag/1?gt={guest.token}")
    assert not phone.locator("#voorlezen-niet").is_visible()
    phone.get_by_role("button", name="Lees voor").click()
    phone.locator("#voorlezen-niet").wait_for()
    assert "Voorlezen werkt niet op dit apparaat" in phone.locator("#voorlezen-niet").inner_text()
    assert phone.evaluate("() => window.spoken") == []  # never Dutch with an English voice
    context.close()


def _placement(app) -> str:
    with app.extensions["db"].session() as session:
        course = course_by_context(session, COURSE_CONTEXT_ID)
        return add_placement(session, course, title="Samenleer-gesprek",
                             content_item="samenleer").resource_link_id


def test_a_whole_round_in_the_lms_and_on_a_phone(page, phone_page, live_server, settings, app):
    devlms = settings.devlms_base_url
    placement = _placement(app)
    page.goto(devlms + "/")
    page.check("#user-devlms-learner-1")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{devlms}/launch/{placement}")
    frame = page.frame_locator("iframe.devlms-tool-frame")
    frame.get_by_role("heading", name="Samenleer-gesprekken", level=1).wait_for()

    frame.get_by_label("Naam of label").fill("Sam")
    frame.get_by_label(re.compile("Beeldversie")).check()
    frame.get_by_role("button", name="Traject beginnen").click()
    frame.get_by_role("button", name="Nieuwe link en QR-code maken").click()
    link = frame.locator("#invite-link").input_value()
    assert link.startswith(settings.base_url + "/s/")
    frame.get_by_role("link", name="Terug naar het traject").click()
    frame.get_by_role("button", name="Nieuwe ronde beginnen").click()
    _answer_all(frame, score=5)
    frame.get_by_role("button", name="Ik ben klaar").click()
    frame.get_by_text("Jullie zien elkaars antwoorden als jullie allebei klaar zijn.").wait_for()

    phone_page.goto(link)  # no LMS session at all, only the link
    phone_page.get_by_label("Kies je code").fill(CODE)
    phone_page.get_by_label("Typ je code nog een keer").fill(CODE)
    phone_page.get_by_role("button", name="Verder").click()
    phone_page.get_by_role("link", name="Begin met de vragen").click()
    _answer_all(phone_page, score=1)
    phone_page.get_by_role("button", name="Ik ben klaar").click()
    phone_page.get_by_role("link", name="Bekijk jullie antwoorden naast elkaar").wait_for()

    page.reload()
    frame = page.frame_locator("iframe.devlms-tool-frame")
    frame.get_by_role("link", name="Mijn trajecten").click()
    frame.get_by_role("link", name="Sam").click()
    frame.get_by_role("link", name="Naar het gesprek").click()
    frame.get_by_text("Verschil: bespreek dit eerst").first.wait_for()
    frame.get_by_label("Wat spreken jullie samen af?").fill("We plannen elke week een kort belmoment.")
    frame.get_by_role("button", name="Afspraken bewaren").click()
    frame.get_by_text("De afspraken zijn bewaard.").wait_for()

    phone_page.get_by_role("link", name="Bekijk jullie antwoorden naast elkaar").click()
    phone_page.get_by_text("We plannen elke week een kort belmoment.").wait_for()


def _answer_all(target, score: int) -> None:
    """Answer every question page, waiting for each next page before touching it."""
    step = 1
    while True:
        target.get_by_text(re.compile(f"^Vraag {step} van ")).wait_for()
        if target.locator(f"label[for=score-{score}]").count():
            target.locator(f"label[for=score-{score}]").click()
        last = target.get_by_role("button", name="Naar het overzicht")
        if last.count():
            last.click()
            target.get_by_role("heading", name="Jouw antwoorden").wait_for()
            return
        target.get_by_role("button", name="Volgende").click()
        step += 1
