"""In Chromium: a page is styled before ``app.css`` arrives (its critical rules and the
organisation's colours are inline, allowed by the CSP through their hashes), the browser
reports no CSP violation, the late ``app.css`` does not undo the organisation's colours, and
nothing on a Samenleer guest's code, question or overview page, the professional's track page
or a zelfscan question moves when it arrives (each inlines only its own part of the rules)."""

from __future__ import annotations

import pytest
from samenleer_support import (
    guest_answers,
    invite_link,
    invite_path,
    new_track,
    professional,
    sign_in,
    start_round,
)
from test_branding import launch, post
from zelfscan_support import FRAMEWORK, make_launch

from tests.browser_support import assert_accessible

pytestmark = pytest.mark.browser

BLOCK = "/learn/m/rol-van-de-werkbegeleider/b/rol-wat-doe-je"


def watch_console(page) -> list[str]:
    """Console errors and warnings (a CSP refusal is one), page errors and failed responses
    (the browser's own favicon.ico request aside)."""
    messages: list[str] = []

    def console(message) -> None:
        if message.type in {"error", "warning"} and not message.text.startswith("Failed to load"):
            messages.append(f"{message.type}: {message.text}")

    def response(answer) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            messages.append(f"{answer.status}: {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.on("response", response)
    page.on("requestfailed", lambda request: messages.append(f"failed: {request.url}"))
    return messages


def styles(page) -> dict[str, str]:
    return page.evaluate("""() => {
        const header = getComputedStyle(document.querySelector('.site-header'));
        const main = getComputedStyle(document.querySelector('main'));
        const button = getComputedStyle(document.querySelector('.block-nav button, .block-nav .button'));
        return {header: header.backgroundColor, display: header.display, main: main.maxWidth,
                button: button.minHeight, sheets: String(document.styleSheets.length)};
    }""")


def test_a_learner_page_is_styled_without_app_css_and_without_csp_violations(
        page, live_server, settings):
    token = launch(settings, "devlms-learner-1")
    messages = watch_console(page)
    page.route("**/static/css/app.css*", lambda route: route.abort())  # a link that never delivers
    page.goto(f"{settings.base_url}{BLOCK}?lt={token}")
    page.get_by_role("heading", level=1).wait_for()
    assert styles(page) == {"header": "rgb(29, 79, 145)", "display": "flex", "main": "736px",
                            "button": "44px", "sheets": "2"}  # the inline one; app.css failed
    assert [m.split("?")[0].rsplit("/", 1)[-1] for m in messages] == ["app.css"], messages

    page.unroute("**/static/css/app.css*")
    messages.clear()
    page.reload()
    page.get_by_role("heading", level=1).wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("() => [...document.styleSheets].some(s => (s.href || '').includes('app.css'))")
    assert not messages, messages
    assert_accessible(page, "on a learner page with inline critical CSS")


def test_the_organisations_colours_hold_before_and_after_app_css(page, live_server, settings):
    assert post(settings, launch(settings, "devlms-admin"), primary="#0b5e3b").status_code == 303
    token = launch(settings, "devlms-learner-1")
    messages = watch_console(page)
    page.route("**/static/css/app.css*", lambda route: route.abort())
    page.goto(f"{settings.base_url}{BLOCK}?lt={token}")
    page.get_by_role("heading", level=1).wait_for()
    assert styles(page)["header"] == "rgb(11, 94, 59)"  # inline, before any stylesheet

    page.unroute("**/static/css/app.css*")
    messages.clear()
    page.reload()
    page.wait_for_load_state("load")
    assert styles(page)["header"] == "rgb(11, 94, 59)"  # app.css's default :root does not win
    assert not messages, messages


BOXES = """() => [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(), name = `${e.tagName}.${e.getAttribute('class') || ''}`;
                return `${name} ${[r.x, r.y, r.width, r.height].map(Math.round)}`; })"""


def first_and_last_layout(page, url: str, withheld: list[str]) -> tuple[list[str], list[str]]:
    """Where everything is on the screen before app.css (and ``withheld`` scripts) arrive,
    and once they have: the two must be the same, or the page moves after its first paint."""
    for pattern in ["**/static/css/app.css*", *withheld]:
        page.route(pattern, lambda route: route.abort())
    page.goto(url)
    page.get_by_role("heading", level=1).wait_for()
    first = page.evaluate(BOXES)
    page.unroute_all()
    page.reload(wait_until="load")
    return first, page.evaluate(BOXES)


def test_a_samenleer_guest_and_a_zelfscan_question_do_not_move_when_app_css_arrives(
        app, phone_page, live_server):
    client = app.test_client()
    pro = professional(app)
    fresh = invite_path(invite_link(client, pro, new_track(client, pro, label="Bo", visual=True)))
    first, last = first_and_last_layout(  # where the invite's QR code leads: choose a code
        phone_page, f"{live_server}{fresh}/", ["**/samenleer/voorlezen.js*"])
    assert phone_page.get_by_label("Typ je code nog een keer").is_visible()
    assert phone_page.get_by_role("button", name="Lees voor").is_visible()
    assert first == last

    track_id = new_track(client, pro, visual=True)
    guest = sign_in(client, invite_path(invite_link(client, pro, track_id)))
    start_round(client, pro, track_id)
    first, last = first_and_last_layout(
        phone_page, f"{live_server}{guest.path}/vraag/1?gt={guest.token}",
        ["**/samenleer/voorlezen.js*"])  # its "read aloud" button: room kept from the first paint
    assert phone_page.get_by_role("button", name="Lees voor").is_visible()
    assert first == last

    scan = client.post(f"/zelfscan/{FRAMEWORK}/begin",
                       data={"lt": make_launch(app, content_item_id=f"zelfscan:{FRAMEWORK}").token})
    first, last = first_and_last_layout(phone_page, live_server + scan.headers["Location"], [])
    assert phone_page.locator("fieldset.zs-question:visible").count() == 1  # one per screen
    assert first == last


def test_the_other_samenleer_pages_do_not_move_when_app_css_arrives(app, phone_page, page, live_server):
    """A guest's overview (their own part of the rules) on a phone, and the professional's
    track page (theirs) on a desktop."""
    client = app.test_client()
    pro = professional(app)
    track_id = new_track(client, pro, visual=True)
    guest = sign_in(client, invite_path(invite_link(client, pro, track_id)))
    start_round(client, pro, track_id)
    guest_answers(client, app, guest, [3, 3, 3, 3], topics={5: ["werk"]}, done=False)
    first, last = first_and_last_layout(
        phone_page, f"{live_server}{guest.path}/overzicht?gt={guest.token}", ["**/samenleer/voorlezen.js*"])
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Jouw antwoorden"
    assert first == last

    first, last = first_and_last_layout(page, f"{live_server}/samenleer/t/{track_id}?lt={pro.token}", [])
    assert page.get_by_role("heading", level=1).inner_text() == "Traject: Ali"
    assert first == last
