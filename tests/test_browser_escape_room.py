"""The escape room as a game in real Chromium: by mouse, by keyboard only, and as a team on
two phones (two browser contexts), with axe-core at the start, midway and at the end."""

from __future__ import annotations

import os

import pytest
from browser_support import PHONE, assert_accessible
from test_learning_support import make_launch

from lti_tool.content import get_course
from lti_tool.content.model import EscapeRoomBlock
from lti_tool.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

MODULE, BLOCK = "escape-room", "escape-werkvloer"
SHOTS = PROJECT_ROOT / "docs" / "screenshots"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages")


@pytest.fixture
def room(settings) -> EscapeRoomBlock:
    block = get_course(settings).module(MODULE).block(BLOCK)
    assert isinstance(block, EscapeRoomBlock)
    return block


def room_url(live_server: str, token: str) -> str:
    return f"{live_server}/learn/m/{MODULE}/b/{BLOCK}?lt={token}"


def things(room: EscapeRoomBlock) -> list[tuple[str, str, str]]:
    names = {"kast": "De kast", "laptop": "De laptop", "prikbord": "Het prikbord",
             "la": "De bureaula", "plant": "De plantenpot"}
    return [(p.id, names[thing], p.answer[0]) for p, thing in room.placed()]


def solved_count(page) -> str:
    return page.locator('[data-stat="solved"]').inner_text()


def test_play_to_the_end_by_mouse(app, browser, live_server, room):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(room_url(live_server, make_launch(app).token))
    assert_accessible(page, "escape room, the story's start")
    page.get_by_label("Speel met een aftelklok").check()
    page.get_by_role("button", name="Ga de kamer in").click()
    page.locator(".room-objects:not([hidden])").wait_for()
    assert page.locator("[data-clock]").is_visible()
    assert_accessible(page, "escape room, in the room")
    for index, (puzzle_id, name, answer) in enumerate(things(room)):
        page.locator(".room-object", has_text=name).click()
        panel = page.locator(f"#p-{BLOCK}-{puzzle_id}")
        assert panel.is_visible()
        if index == 0:
            panel.get_by_role("button", name="Hint 1 nemen").click()
            panel.locator(".hint-box").wait_for()
            assert page.locator('[data-stat="penalty"]').inner_text() == str(room.hint_minutes)
            panel.get_by_role("textbox").fill("weet ik niet")
            panel.get_by_role("button", name="Controleer").click()
            panel.locator("[data-wrong]").wait_for()
            assert_accessible(page, "escape room, a wrong answer and a hint")
        panel.get_by_role("textbox").fill(answer)
        panel.get_by_role("button", name="Controleer").click()
        page.locator(f"#p-{BLOCK}-{puzzle_id} [data-when='solved']").wait_for()
        assert solved_count(page) == str(index + 1)
        if index == 1:  # the drawn thing itself opens its puzzle too
            page.locator(f"#p-{BLOCK}-{puzzle_id}").get_by_role("button", name="Terug naar de kamer").click()
            page.locator(".room-drawing .obj-" + next(t for p, t in room.placed()
                                                      if p.id == things(room)[2][0])).click()
            assert page.locator(f"#p-{BLOCK}-{things(room)[2][0]}").is_visible()
            if os.environ.get("ESCAPE_SCREENSHOTS"):
                page.screenshot(path=str(SHOTS / "issue-15-escape-room-desktop.png"), full_page=True)
        page.locator(".room-object", has_text="De deur").click()  # another object closes this one
    page.locator(".room-object", has_text="De deur").click()
    page.get_by_label("De hele code").fill(room.code.lower())
    page.get_by_role("button", name="Open de deur").click()
    ending = page.locator(".room-ending")
    ending.wait_for()
    assert "1 hints" in ending.inner_text() or "strafminuten" in ending.inner_text()
    links = ending.locator(".debrief a")
    assert links.count() == len(room.puzzles)
    assert f"/learn/m/{room.puzzles[0].module}" in links.first.get_attribute("href")
    assert_accessible(page, "escape room, the ending")
    context.close()


def test_play_to_the_end_by_keyboard_only(app, browser, live_server, room):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(room_url(live_server, make_launch(app).token))
    page.get_by_role("button", name="Ga de kamer in").focus()
    page.keyboard.press("Enter")
    first = page.locator(".room-object").first
    first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for index, (puzzle_id, name, answer) in enumerate(things(room)):
        # Tab from the top of the room to the object, as someone without a mouse does.
        page.locator(".room-countdown button").focus()
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent").startswith(name):
                break
        else:
            pytest.fail(f"Tab never reached {name}")
        assert page.evaluate("document.activeElement.matches(':focus-visible')")
        page.keyboard.press("Enter")
        heading = f"p-{BLOCK}-{puzzle_id}-h"
        assert page.evaluate("document.activeElement.id") == heading
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "answer":
                break
        page.keyboard.type(answer)
        page.keyboard.press("Enter")
        page.locator(f"#p-{BLOCK}-{puzzle_id} [data-when='solved']").wait_for()
        assert page.evaluate("document.activeElement.id") == heading
        assert solved_count(page) == str(index + 1)
        if index == 0:
            page.keyboard.press("Escape")
            page.locator(".room-object").nth(1).focus()
            page.keyboard.press("Enter")
            if os.environ.get("ESCAPE_SCREENSHOTS"):
                page.screenshot(path=str(SHOTS / "issue-15-escape-room-phone.png"), full_page=True)
        page.keyboard.press("Escape")
        if index == 2:
            assert_accessible(page, "escape room on a phone, midway")
    page.locator(".room-object", has_text="De deur").focus()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "code":
            break
    page.keyboard.type(room.code)
    page.keyboard.press("Enter")
    page.locator(".room-ending h3").wait_for()
    assert page.evaluate("document.activeElement.closest('.room-ending') !== null")
    live = page.locator(f"#room-say-{BLOCK}")
    live.wait_for(state="attached")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "escape room on a phone, the ending")
    context.close()


def test_a_team_on_two_phones_shares_the_room(app, browser, live_server, room):
    pages = []
    for _member in range(2):
        context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(20_000)
        pages.append(context.new_page())
    one, two = pages
    one.goto(room_url(live_server, make_launch(app, sub="team-een").token))
    one.get_by_role("button", name="Maak een teamcode").click()
    code = one.locator(".room-team .code").inner_text()
    assert len(code) == 5
    two.goto(room_url(live_server, make_launch(app, sub="team-twee").token))
    two.get_by_label("Heb je een teamcode?").fill(code.lower())
    two.get_by_role("button", name="Doe mee").click()
    two.locator(".room-team .code").wait_for()
    one.get_by_role("button", name="Ga de kamer in").click()
    two.locator(".room-objects:not([hidden])").wait_for()  # the poll brought the start along
    puzzles = things(room)
    for index, (puzzle_id, name, answer) in enumerate(puzzles):
        player, other = (one, two) if index % 2 == 0 else (two, one)
        player.locator(".room-object", has_text=name).click()
        panel = player.locator(f"#p-{BLOCK}-{puzzle_id}")
        panel.get_by_role("textbox").fill(answer)
        panel.get_by_role("button", name="Controleer").click()
        player.locator(f"#p-{BLOCK}-{puzzle_id} [data-when='solved']").wait_for()
        other.locator(f'[data-stat="solved"]:text-is("{index + 1}")').wait_for()
    two.locator(".room-object", has_text="De deur").click()
    two.get_by_label("De hele code").fill(room.code)
    two.get_by_role("button", name="Open de deur").click()
    two.locator(".room-ending").wait_for()
    one.locator(".room-ending").wait_for()
    assert_accessible(one, "escape room, the team's ending on the other phone")
    for page in pages:
        page.context.close()
