"""In real Chromium, a quiz is sent once: after the first submit the button says it is
busy, keeps its name and focus, and a second submit before the answer arrives is held back."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from test_learning_support import make_launch

from lti_tool.models import Answer
from lti_tool.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

QUIZ = "/learn/m/rol-van-de-werkbegeleider/b/rol-quiz"
BUTTON = "Controleer je antwoorden"
# Notes every submit in sessionStorage (it outlives the navigation) and, right after the
# first, submits again the way a second click would, before the answer is back.
WATCH_SUBMITS = """() => window.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button");
  const log = JSON.parse(sessionStorage.getItem("submits") || "[]");
  log.push({sent: !event.defaultPrevented, busy: button.getAttribute("aria-disabled"),
            name: button.textContent.trim(), focused: document.activeElement === button});
  sessionStorage.setItem("submits", JSON.stringify(log));
  if (log.length === 1) setTimeout(() => event.target.requestSubmit(button), 0);
})"""


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages")


def test_quiz_button_is_busy_until_the_answer_arrives(app, page, live_server):
    page.goto(f"{live_server}{QUIZ}?lt={make_launch(app).token}")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.evaluate(WATCH_SUBMITS)
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input").first.check()
    page.get_by_role("button", name=BUTTON).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the keyboard sends the form as before
    page.wait_for_load_state()

    submits = json.loads(page.evaluate("sessionStorage.getItem('submits')"))
    assert submits[0] == {"sent": True, "busy": "true", "name": BUTTON, "focused": True}
    assert submits[1]["sent"] is False
    assert len(posts) == 1 and "Je score" in page.content()
    with app.extensions["db"].session() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 1
