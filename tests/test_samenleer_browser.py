"""In real Chromium: axe on every Samenleer page type, the guest page's weight, and a whole
round with the professional in the development LMS and the guided person on a phone."""

from __future__ import annotations

import re

import pytest

from devlms.seed import COURSE_CONTEXT_ID, add_placement, course_by_context
from lti_tool.samenleer.ratelimit import TRACK_LIMIT
from tests.browser_support import assert_accessible
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


@pytest.mark.parametrize("visual", [True, False], ids=["visual", "plain"])
def test_guest_pages_are_accessible_and_small(phone_page, live_server, app, visual):
    client = app.test_client()
    pro = professional(app)
    track_id = new_track(client, pro, visual=visual)
    path = invite_path(invite_link(client, pro, track_id))
    phone_page.goto(f"{live_server}{path}/")
    assert_accessible(phone_page, "on the code page (first visit)")
    guest = sign_in(client, path)
    start_round(client, pro, track_id)

    sizes: dict[str, int] = {}

    def count(response) -> None:
        if response.request.resource_type in {"document", "stylesheet", "script"}:
            sizes[response.url] = len(response.body())

    phone_page.on("response", count)
    phone_page.goto(f"{live_server}{path}/vraag/1?gt={guest.token}")
    phone_page.locator("h1").wait_for()
    phone_page.remove_listener("response", count)
    assert sum(sizes.values()) < PAGE_BUDGET, sizes
    assert_accessible(phone_page, f"on the question page ({'visual' if visual else 'plain'})")
    for label in phone_page.locator(".scale-option label").all():
        box = label.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    if visual:
        speak = phone_page.get_by_role("button", name="Lees voor")
        has_speech = phone_page.evaluate("() => 'speechSynthesis' in window")
        assert speak.is_visible() == has_speech
        assert phone_page.locator("#voorlezen-niet").is_visible() != has_speech

    guest_answers(client, app, guest, [3, 3, 3, 3, 3], done=False)
    for target in ("/overzicht", "/start", "/wissen"):
        phone_page.goto(f"{live_server}{path}{target}?gt={guest.token}")
        phone_page.locator("h1").wait_for()
        assert_accessible(phone_page, f"on {target}")
    pro_answers(client, app, pro, track_id, [4, 4, 4, 4, 4])
    client.post(f"{path}/klaar", data={"gt": guest.token})
    phone_page.goto(f"{live_server}{path}/samen?gt={guest.token}")
    phone_page.locator("table.side-by-side").wait_for()
    assert_accessible(phone_page, "on the guest side-by-side page")
    fresh = phone_page.context.browser.new_context(viewport={"width": 360, "height": 740})
    code_page = fresh.new_page()
    code_page.goto(f"{live_server}{path}/")
    assert_accessible(code_page, "on the code page (returning)")
    fresh.close()


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
