"""The module player in real Chromium: keyboard only, and axe-core on every page type.

The player is opened directly with a launch token (``make_launch``), as the LMS iframe
would after a launch. No test here clicks: Tab, Shift+Tab, Enter, Space and the arrow
keys move through the pages, as for someone who does not use a mouse.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_support import assert_accessible
from test_learning_support import make_launch

from lti_tool.blocks.sorting import shown_order
from lti_tool.content import load_package
from lti_tool.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

MODULE = "rol-van-de-werkbegeleider"
COURSE_MODULE = load_package(PROJECT_ROOT / "content_packages" / "werkbegeleiding").module(MODULE)
MAX_TABS = 40

# What the focused element is, and whether the page shows where focus is.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const media = el.tagName === 'VIDEO' || el.tagName === 'AUDIO';
  return {
    tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '',
    value: el.value === undefined ? '' : String(el.value), type: el.type || '',
    text: (el.innerText || el.textContent || '').trim().slice(0, 80),
    visible: media || (el.matches(':focus-visible') &&
                       (parseFloat(style.outlineWidth) >= 2 && style.outlineStyle !== 'none')),
    inView: (() => { const r = el.getBoundingClientRect();
                     return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; })(),
  };
}"""


@pytest.fixture
def content_dir():
    return PROJECT_ROOT / "content_packages"


@pytest.fixture
def settings(settings, content_dir):
    return settings.with_overrides(content_dir=content_dir)


@pytest.fixture
def lt(app):
    return make_launch(app).token


def focused(page) -> dict:
    info = page.evaluate(FOCUS_JS)
    assert info is not None, "focus fell back to the page body"
    return info


def assert_focus_shown(page) -> dict:
    info = focused(page)
    assert info["visible"], f"focus is not visible on {info}"
    assert info["inView"], f"the focused element is off screen: {info}"
    return info


def tab_to(page, wanted, *, backwards: bool = False, limit: int = MAX_TABS) -> dict:
    """Press Tab (or Shift+Tab) until ``wanted(focus)`` holds; focus must be visible at every stop."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        info = assert_focus_shown(page)
        if wanted(info):
            return info
    raise AssertionError(f"{key} never reached the wanted element (last: {info})")


def by_text(text: str):
    return lambda f: f["text"] == text


def by_id(element_id: str):
    return lambda f: f["id"] == element_id


def press_and_wait(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def start_page(page, url: str, block_title: str | None = None) -> None:
    """A fresh page: the first Tab reaches the skip link, Enter puts focus on the content."""
    page.goto(url)
    if block_title:
        assert page.locator("#block-title").inner_text().startswith(block_title)
    skip = tab_to(page, lambda f: f["tag"] == "a", limit=1)
    assert skip["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def on_block(page, block_id: str) -> None:
    assert re.search(rf"/b/{block_id}\?", page.url), page.url


def go_on(page) -> None:
    """'Verder' on a read block (text, video, audio)."""
    tab_to(page, by_text("Verder"))
    press_and_wait(page, "Enter")


def skip_to_content(page) -> None:
    tab_to(page, lambda f: f["text"] == "Naar de inhoud", limit=1)
    page.keyboard.press("Enter")


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JS expression (``page.wait_for_function`` would need 'unsafe-eval' in the CSP)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)


def focus_result(page) -> dict:
    """After an answer the page opens at #resultaat and the player moves focus there."""
    wait_until(page, "document.activeElement && document.activeElement.id === 'resultaat'")
    return focused(page)


# ---- (a) one whole module with the keyboard only -------------------------------------------------

def test_module_one_with_the_keyboard_only(page, live_server, lt):
    base = f"{live_server}/learn/m/{MODULE}"
    page.goto(f"{live_server}/learn/course?lt={lt}")
    assert page.locator("h1").inner_text() == "Werkbegeleiding in de praktijk"
    assert_accessible(page, "course home")
    link = tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("De rol van de"))
    assert link["text"] == "De rol van de werkbegeleider, en waar die eindigt"
    press_and_wait(page, "Enter")

    # 1. text
    on_block(page, "rol-wat-doe-je")
    assert page.locator("label[for=step-progress]").inner_text() == "Stap 1 van 12"
    assert page.get_by_text("geen baas").is_visible()
    assert_accessible(page, "text block")
    skip_to_content(page)
    assert page.evaluate("document.activeElement.id") == "main"
    go_on(page)

    # 2. figure: the picture with its alt text, the long description opens from the keyboard
    on_block(page, "rol-figuur")
    figure = page.locator("img.figure-image")
    assert figure.get_attribute("alt").startswith("Tekening: de werkbegeleider in het midden")
    assert_accessible(page, "figure block")
    skip_to_content(page)
    summary = tab_to(page, lambda f: f["tag"] == "summary")
    assert summary["text"] == "Beschrijving van de afbeelding in woorden"
    page.keyboard.press("Enter")
    assert page.get_by_text("Tussen jullie loopt een dikke, vaste lijn").is_visible()
    go_on(page)

    # 3. video: captions on by default, Space plays and pauses from the keyboard
    on_block(page, "rol-video")
    assert_accessible(page, "video block")
    skip_to_content(page)
    tab_to(page, lambda f: f["tag"] == "video")
    video = page.locator("video")
    assert video.evaluate("v => v.canPlayType('video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"')") != ""
    wait_until(page, "document.querySelector('video').readyState >= 1")
    assert 30 <= video.evaluate("v => v.duration") <= 60
    track = video.evaluate("v => ({mode: v.textTracks[0].mode, lang: v.textTracks[0].language})")
    assert track == {"mode": "showing", "lang": "nl"}
    page.keyboard.press("Space")
    wait_until(page, "(() => { const v = document.querySelector('video');"
                           " return !v.paused && v.currentTime > 0.3; })()")
    wait_until(page, "document.querySelector('video').textTracks[0].activeCues.length > 0")
    cue = video.evaluate("v => v.textTracks[0].activeCues[0].text")
    assert cue.startswith("Je gaat een nieuwe collega")
    page.keyboard.press("Space")
    wait_until(page, "document.querySelector('video').paused")
    summary = tab_to(page, lambda f: f["tag"] == "summary")
    assert summary["text"] == "Uitgeschreven tekst van de video"
    transcript = page.locator("details.transcript")
    assert not transcript.evaluate("d => d.open")
    page.keyboard.press("Enter")
    assert transcript.evaluate("d => d.open")
    assert page.get_by_text("Vraag drie: wanneer geef ik een vraag door?").is_visible()
    go_on(page)

    # 3. and 4. text
    on_block(page, "rol-vertrouwen")
    start_page(page, page.url, "Waarom je los staat")
    go_on(page)
    on_block(page, "rol-samenwerken")
    assert page.locator("table").is_visible()
    # Shift+Tab goes back to 'Vorige'; Tab returns to 'Verder'.
    tab_to(page, by_text("Verder"))
    back = tab_to(page, by_text("Vorige"), backwards=True, limit=1)
    assert back["tag"] == "a"
    go_on(page)

    # 5. audio with its transcript toggle
    on_block(page, "rol-podcast")
    assert_accessible(page, "audio block")
    skip_to_content(page)
    tab_to(page, lambda f: f["tag"] == "audio")
    page.keyboard.press("Space")
    wait_until(page, "(() => { const a = document.querySelector('audio');"
                           " return !a.paused && a.currentTime > 0.2; })()")
    page.keyboard.press("Space")
    wait_until(page, "document.querySelector('audio').paused")
    assert 60 <= page.locator("audio").evaluate("a => a.duration") <= 90
    toggle = tab_to(page, lambda f: f["tag"] == "summary")
    assert toggle["text"] == "Uitgeschreven tekst"
    first_line = page.get_by_text("Hoi, ik ben Sanne.", exact=False)
    assert not first_line.is_visible()
    page.keyboard.press("Enter")
    assert first_line.is_visible()
    assert_accessible(page, "audio block, transcript open")
    page.keyboard.press("Space")
    assert not first_line.is_visible()
    page.keyboard.press("Enter")
    go_on(page)

    # 6. text, in two short steps
    on_block(page, "rol-grenzen")
    go_on(page)
    on_block(page, "rol-doorverwijzen")
    go_on(page)

    # 7. sorting into categories: a radio group per situation, answered right
    on_block(page, "rol-wie-doet-wat")
    assert_accessible(page, "sorting form")
    skip_to_content(page)
    sorting = COURSE_MODULE.block("rol-wie-doet-wat")
    categories = [c.id for c in sorting.categories]
    for item in shown_order(sorting):
        tab_to(page, lambda f, name=f"cat-{item.id}": f["name"] == name)
        steps = categories.index(item.category)
        page.keyboard.press("Space" if steps == 0 else "ArrowDown")
        for _ in range(steps - 1):
            page.keyboard.press("ArrowDown")
        assert focused(page)["value"] == item.category
    tab_to(page, by_text("Controleer je antwoorden"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    assert "Alles is goed!" in page.locator("#resultaat").inner_text()
    tab_to(page, by_text("Volgende"))
    press_and_wait(page, "Enter")

    # 8. case: choose, see the consequence, go on, look back and start again
    on_block(page, "rol-casus-ziekteverlof")
    assert_accessible(page, "case, first step")
    assert page.get_by_text("Wat doe jij?").is_visible()
    skip_to_content(page)
    first = tab_to(page, lambda f: f["type"] == "radio")
    assert first["value"] == "zelf-uitzoeken"
    page.keyboard.press("ArrowDown")
    chosen = focused(page)
    assert chosen["value"] == "samen-naar-hr" and page.locator(
        "input[value=samen-naar-hr]").is_checked()
    tab_to(page, by_text("Dit kies ik"), limit=1)
    press_and_wait(page, "Enter")
    result = focus_result(page)
    assert "Noor is opgelucht" in page.locator("#resultaat").inner_text()
    assert result["id"] == "resultaat"
    assert_accessible(page, "case, after a choice")
    radio = tab_to(page, lambda f: f["type"] == "radio")
    assert radio["value"] == "jobcoach"
    page.keyboard.press("Space")
    assert page.locator("input[value=jobcoach]").is_checked()
    tab_to(page, by_text("Dit kies ik"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    assert "Noor belt haar jobcoach" in page.locator("#resultaat").inner_text()
    assert page.get_by_role("heading", name="Einde van de casus").is_visible()
    assert "(gedaan)" in page.locator("#block-title").inner_text()
    assert_accessible(page, "case, end")
    history = tab_to(page, lambda f: f["tag"] == "summary", backwards=True)
    assert history["text"] == "Jouw eerdere keuzes in deze casus"
    page.keyboard.press("Enter")
    assert page.locator(".case-history li").first.is_visible()
    assert "samen een afspraak" in page.locator(".case-history").inner_text()
    tab_to(page, by_text("Opnieuw beginnen met andere keuzes"))
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", name="De situatie").is_visible()
    assert "(gedaan)" in page.locator("#block-title").inner_text()  # retracing keeps it done
    radio = tab_to(page, lambda f: f["type"] == "radio")
    page.keyboard.press("Space")  # 'zelf-uitzoeken' this time: another branch
    tab_to(page, by_text("Dit kies ik"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    assert "Je bent een avond bezig" in page.locator("#resultaat").inner_text()
    assert page.get_by_role("heading", name="En nu?").is_visible()
    tab_to(page, by_text("Volgende"))
    press_and_wait(page, "Enter")

    # 9. quiz: a failing attempt with feedback, try again, pass
    on_block(page, "rol-quiz")
    assert_accessible(page, "quiz form")
    skip_to_content(page)
    tab_to(page, lambda f: f["name"] == "q-beoordeling")
    page.keyboard.press("Space")  # 'Jij, als werkbegeleider': wrong
    tab_to(page, lambda f: f["name"] == "q-doorverwijzen", limit=1)
    page.keyboard.press("Space")  # vakantiedagen: right, but the other two right ones are missing
    tab_to(page, lambda f: f["name"] == "q-vertrouwen")
    page.keyboard.press("ArrowDown")  # b: right
    tab_to(page, lambda f: f["name"] == "q-samenwerken", limit=1)
    page.keyboard.press("ArrowDown")  # b: right
    tab_to(page, by_text("Controleer je antwoorden"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    summary_text = page.locator(".quiz-summary").inner_text()
    assert "Je hebt 2 van de 4 vragen goed. Je score is 53%." in summary_text
    assert "Je hebt de quiz nog niet gehaald." in summary_text
    assert page.get_by_text("Als jij ook beoordeelt, durft je collega").is_visible()
    assert page.get_by_text("Ook goed").first.is_visible()
    assert page.get_by_text("Het goede antwoord").first.is_visible()
    assert "(nog niet gehaald)" in page.locator("#block-title").inner_text()
    assert_accessible(page, "quiz feedback")
    tab_to(page, by_text("Opnieuw proberen"))
    press_and_wait(page, "Enter")
    skip_to_content(page)
    tab_to(page, lambda f: f["name"] == "q-beoordeling")
    page.keyboard.press("ArrowDown")  # b: De leidinggevende
    assert page.locator("#rol-quiz-beoordeling-b").is_checked()
    box = tab_to(page, lambda f: f["name"] == "q-doorverwijzen", limit=1)
    assert box["value"] == "a"
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["name"] == "q-doorverwijzen", limit=1)  # b stays unchecked
    tab_to(page, lambda f: f["name"] == "q-doorverwijzen", limit=1)
    page.keyboard.press("Space")  # c
    tab_to(page, lambda f: f["name"] == "q-doorverwijzen", limit=1)
    page.keyboard.press("Space")  # d
    tab_to(page, lambda f: f["name"] == "q-vertrouwen", limit=1)
    page.keyboard.press("ArrowDown")
    tab_to(page, lambda f: f["name"] == "q-samenwerken", limit=1)
    page.keyboard.press("ArrowDown")
    tab_to(page, by_text("Controleer je antwoorden"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    assert "Je score is 100%." in page.locator(".quiz-summary").inner_text()
    assert "(gedaan)" in page.locator("#block-title").inner_text()
    assert page.get_by_text("Je hebt de quiz gehaald.").is_visible()
    tab_to(page, by_text("Volgende"))
    press_and_wait(page, "Enter")

    # 10. reflection: type, save, see it kept
    on_block(page, "rol-reflectie")
    assert_accessible(page, "reflection form")
    skip_to_content(page)
    area = tab_to(page, lambda f: f["tag"] == "textarea")
    assert area["id"] == "rol-reflectie-text"
    page.keyboard.type("Vragen over mijn collega's gezondheid geef ik door aan de jobcoach.")
    tab_to(page, by_text("Bewaren"), limit=1)
    press_and_wait(page, "Enter")
    focus_result(page)
    assert page.locator("#resultaat").inner_text().strip() == "Je antwoord is bewaard."
    assert "jobcoach" in page.locator("textarea").input_value()
    assert_accessible(page, "reflection saved")
    tab_to(page, by_text("Afronden"))
    press_and_wait(page, "Enter")

    # The summary: complete and passed, in Dutch.
    assert page.url.startswith(f"{base}/klaar")
    live = page.locator(".live-region").inner_text()
    assert "Je hebt deze module afgerond." in live and "Je score is 100%." in live
    assert "Je hebt de module gehaald." in live
    assert_accessible(page, "summary")
    tab_to(page, by_text("Naar het overzicht"))
    press_and_wait(page, "Enter")
    status = page.locator(".module-card").first.locator(".module-status").inner_text()
    assert status.startswith("Afgerond") and "score 100%" in status


# ---- (b) axe on the remaining page types ----------------------------------------------------------

def test_error_pages_are_accessible(page, live_server, lt):
    response = page.goto(f"{live_server}/learn/course")
    assert response.status == 401
    assert page.locator("h1").inner_text() == "Niet gestart vanuit de leeromgeving"
    assert_accessible(page, "401 page")
    response = page.goto(f"{live_server}/learn/m/bestaat-niet?lt={lt}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Deze module bestaat niet"
    assert_accessible(page, "404 page")


def test_phone_width(phone_page, live_server, lt):
    page = phone_page
    page.goto(f"{live_server}/learn/course?lt={lt}")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page, "course home on a phone")
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-quiz?lt={lt}")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page, "quiz on a phone")
    button = page.get_by_role("button", name="Controleer je antwoorden").bounding_box()
    assert button["height"] >= 24 and button["width"] >= 24


def test_english_launch_is_accessible(app, page, live_server):
    from lti_tool.models import LaunchSession

    info = make_launch(app)
    with app.extensions["db"].session() as session:
        session.get(LaunchSession, info.session_id).locale = "en-GB"
    page.goto(f"{live_server}/learn/m/{MODULE}/b/rol-quiz?lt={info.token}")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_role("button", name="Check your answers").is_visible()
    assert_accessible(page, "quiz in English")
