"""Real Chromium for browser tests (Debian's /usr/bin/chromium driven by Playwright).

Third-party cookies are blocked, as in a privacy-minded browser: the tool runs in a
cross-site iframe of the development LMS and must work without them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--test-third-party-cookie-phaseout",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[object]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser) -> Iterator[object]:
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page_or_frame, context: str = "") -> None:
    """axe-core (WCAG 2.0/2.1/2.2 A and AA rules) must report no violation."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
    results = Axe().run(page_or_frame, options=options)
    violations = results.response["violations"]
    summary = "\n".join(f"- {v['id']}: {v['help']} ({len(v['nodes'])}x) "
                        f"e.g. {v['nodes'][0]['html'][:160]}" for v in violations)
    assert not violations, f"axe found violations {context}:\n{summary}"


# The bodies as they came over the wire (compressed where they were), from the browser's own
# Resource Timing: the document and every style, script and image it loaded (media left out).
_TRANSFERRED = """() => [...performance.getEntriesByType("navigation"),
                         ...performance.getEntriesByType("resource")]
  .filter((entry) => !entry.name.includes("/learn/media/"))
  .reduce((total, entry) => total + entry.encodedBodySize, 0)"""


def transferred_bytes(page) -> int:
    """What the page now shown cost over the wire, once its load event has fired."""
    page.wait_for_load_state("load")
    return page.evaluate(_TRANSFERRED)
