"""The figure block in real Chromium: in the player in Dutch and English (axe-core, the image
loads with its size set, the long description opens), on a phone within the page budget,
and in an exported SCORM package opened from a plain web server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import assert_accessible
from test_browser_player import wait_until
from test_learning_support import make_launch

from lti_tool.content import load_package
from lti_tool.settings import PROJECT_ROOT
from scorm_export import ScormVersion, build_scorm
from tests.scorm_support import serve_directory, unzip

pytestmark = pytest.mark.browser

PACKAGE = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
COURSE = load_package(PACKAGE)
MODULE = COURSE.module("signalen-en-triggers")
FIGURE = MODULE.blocks[1]
PAGE_BUDGET = 50 * 1024  # bytes transferred for a learner page, media not counted
# Set to a file name to keep the phone screenshot (docs/screenshots/issue-15-module-page.png).
SCREENSHOT = os.environ.get("FIGURE_SCREENSHOT")

# Bytes transferred for the page and everything it loaded, apart from course media.
TRANSFERRED_JS = """() => {
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  const counted = entries.filter(e => !e.name.includes('/learn/media/'));
  return {bytes: counted.reduce((sum, e) => sum + e.transferSize, 0),
          media: entries.filter(e => e.name.includes('/learn/media/'))
                        .reduce((sum, e) => sum + e.transferSize, 0)};
}"""
IMAGE_JS = """(img) => ({loaded: img.complete && img.naturalWidth > 0, alt: img.alt,
                         width: img.getAttribute('width'), height: img.getAttribute('height'),
                         shown: img.getBoundingClientRect().width})"""


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages")


def figure_url(live_server: str, token: str) -> str:
    return f"{live_server}/learn/m/{MODULE.id}/b/{FIGURE.id}?lt={token}"


def assert_figure_shown(page, language: str) -> None:
    image = page.locator("img.figure-image")
    image.scroll_into_view_if_needed()
    wait_until(page, "document.querySelector('img.figure-image').complete")
    shown = image.evaluate(IMAGE_JS)
    assert shown["loaded"], "the SVG did not load"
    assert shown["alt"] == FIGURE.alt.text(language)
    assert (shown["width"], shown["height"]) == ("480", "360")
    assert page.locator("figcaption").inner_text() == FIGURE.caption.text(language)
    description = page.locator("details.figure-description")
    description.locator("summary").click()
    assert FIGURE.long_description.text(language).split("\n")[0] in description.inner_text()


def test_the_figure_in_dutch_is_accessible(app, page, live_server):
    page.goto(figure_url(live_server, make_launch(app).token))
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert_figure_shown(page, "nl")
    assert page.locator("summary", has_text="Beschrijving van de afbeelding in woorden").count() == 1
    assert_accessible(page, "figure in Dutch")


def test_the_figure_in_english_is_accessible(app, page, live_server):
    from lti_tool.models import LaunchSession

    info = make_launch(app)
    with app.extensions["db"].session() as session:
        session.get(LaunchSession, info.session_id).locale = "en-GB"
    page.goto(figure_url(live_server, info.token))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_figure_shown(page, "en")
    assert page.locator("summary", has_text="The picture described in words").count() == 1
    assert_accessible(page, "figure in English")


def test_on_a_phone_the_page_fits_and_stays_within_its_budget(app, browser, live_server):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        launch = make_launch(app, content_item_id=MODULE.id)  # the module's own activity
        page.goto(figure_url(live_server, launch.token), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        image = page.locator("img.figure-image").bounding_box()
        assert image is not None and 300 <= image["width"] <= 390
        assert abs(image["height"] - image["width"] * 360 / 480) < 2  # no layout shift: sized
        wait_until(page, "document.querySelector('img.figure-image').complete")
        transferred = page.evaluate(TRANSFERRED_JS)
        assert 0 < transferred["bytes"] <= PAGE_BUDGET, transferred
        print(f"figure page on a phone: {transferred}")
        assert_accessible(page, "figure on a phone")
        if SCREENSHOT:
            page.locator("img.figure-image").scroll_into_view_if_needed()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=SCREENSHOT, full_page=True)
    finally:
        context.close()


def test_the_scorm_package_shows_the_figure(page, tmp_path: Path):
    root = unzip(build_scorm(COURSE, ScormVersion.SCORM_12, MODULE.id), tmp_path / "sco")
    assert (root / FIGURE.src).read_bytes() == (PACKAGE / FIGURE.src).read_bytes()
    with serve_directory(root) as base:
        page.goto(f"{base}/{MODULE.id}.html")
        page.locator('[data-nav="next"]').click()
        section = page.locator("section[data-index]:not([hidden])")
        assert section.get_attribute("id") == f"b-{FIGURE.id}"
        assert_figure_shown(page, "nl")
        assert_accessible(page, "figure in a SCORM package")

