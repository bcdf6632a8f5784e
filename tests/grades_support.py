"""Helpers for the gradebook tests: a learner in the development LMS, over real HTTP
(no tests in this file)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.grades import grade_value, latest_scores
from devlms.models import DevLineItem, DevScore
from devlms.module_walker import complete_module
from devlms.seed import COURSE_CONTEXT_ID, add_placement, course_by_context
from lti_tool.content import get_course
from lti_tool.content.model import Module
from lti_tool.outbox.worker import deliver_due

# The seeded placement shows A; the tests place B; C is never placed.
A = "rol-van-de-werkbegeleider"
A_LINK = "de-rol-van-de-werkbegeleider"
B = "nieuwe-collega-inwerken"
C = "begeleidingsbehoefte-in-kaart"


class _QuizForm(HTMLParser):
    """The hidden fields of the page's quiz form (whatever the player puts there)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("action", "").split("?")[0].endswith("/answer"):
            self.inside, self.action = True, values["action"]
        elif self.inside and tag == "input" and values.get("type") == "hidden":
            self.fields.append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def place(app, title: str, content_item: str, **custom: str) -> str:
    """An activity for ``content_item`` with its own column; returns its resource link id."""
    with app.extensions["db"].session() as session:
        placement = add_placement(session, course_by_context(session, COURSE_CONTEXT_ID),
                                  title=title, content_item=content_item)
        placement.custom = {**placement.custom, **custom}
        return placement.resource_link_id


@dataclass
class Learner:
    """Someone in the development LMS who launched one activity and stays inside it."""

    settings: object
    http: requests.Session
    token: str

    @classmethod
    def launch(cls, settings, username: str, link: str) -> Learner:
        lms = DevLmsClient(settings.devlms_base_url)
        lms.sign_in(username)
        result = lms.launch(link)
        assert result.launch_token, result.response.text[:500]
        return cls(settings, lms.http, result.launch_token)

    def module(self, module_id: str) -> Module:
        return get_course(self.settings).module(module_id)

    def complete(self, module_id: str) -> None:
        """Every step of the module, the quiz answered right (the 'next module' path)."""
        complete_module(requests.Session(), self.settings.base_url, self.token, self.module(module_id))

    def retake_quiz(self, module_id: str, *, right: int) -> None:
        """Take the module's quiz again, with only the first ``right`` questions right."""
        quiz = self.module(module_id).quizzes[0]
        page = self.get(f"/learn/m/{module_id}/b/{quiz.id}", retry="1")
        form = _QuizForm()
        form.feed(page.text)
        assert form.action, "no quiz form on the page"
        answers = []
        for index, question in enumerate(quiz.questions):
            chosen = ([o for o in question.options if o.correct] if index < right
                      else [next(o for o in question.options if not o.correct)])
            answers += [(f"q-{question.id}", option.id) for option in chosen]
        response = self.http.post(self.settings.base_url + f"/learn/m/{module_id}/b/{quiz.id}/answer",
                                  data=[*form.fields, *answers])
        response.raise_for_status()

    def get(self, path: str, **params: str) -> requests.Response:
        response = self.http.get(self.settings.base_url + path, params={"lt": self.token, **params})
        response.raise_for_status()
        return response

    def summary(self, module_id: str) -> str:
        return self.get(f"/learn/m/{module_id}/klaar").text


def deliver_all(app) -> None:
    while deliver_due(app.extensions["db"]):
        pass


def column(session, resource_id: str) -> DevLineItem | None:
    return session.scalars(select(DevLineItem).where(DevLineItem.resource_id == resource_id)
                           .order_by(DevLineItem.id)).first()


def history(app, resource_id: str, username: str = "devlms-learner-1") -> list[tuple[str, float | None]]:
    """Every score the column of ``resource_id`` received for ``username``, oldest first."""
    with app.extensions["db"].session() as session:
        item = column(session, resource_id)
        return [(score.grading_progress, score.score_given) for score in session.scalars(
            select(DevScore).where(DevScore.line_item_id == item.id, DevScore.username == username)
            .order_by(DevScore.id))]


def grade(app, resource_id: str, username: str = "devlms-learner-1") -> float | None:
    """The column's grade for ``username`` as the development LMS shows it."""
    with app.extensions["db"].session() as session:
        item = column(session, resource_id)
        score = latest_scores(session, [item], username).get((item.id, username))
        return grade_value(score) if score is not None else None
