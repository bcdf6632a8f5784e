"""End to end over real HTTP: the development LMS launches the tool, the learner answers
the quiz, the worker delivers the score, and the LMS gradebook shows it."""

from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.module_walker import complete_module
from lti_tool.content import get_course
from lti_tool.models import OutboxMessage
from lti_tool.outbox.worker import deliver_due

PLACEMENT = "de-rol-van-de-werkbegeleider"
MODULE = "rol-van-de-werkbegeleider"


@pytest.fixture
def lms(live_server, settings) -> DevLmsClient:
    return DevLmsClient(settings.devlms_base_url)


def test_learner_launch_quiz_and_gradebook(lms, settings, app, live_server):
    lms.sign_in("devlms-learner-1")
    result = lms.launch(PLACEMENT)
    assert result.response.status_code == 200
    assert result.launch_token
    assert result.url.startswith(settings.base_url + "/learn/m/" + MODULE)

    http = requests.Session()  # a fresh client: no cookies at all, only the launch token
    complete_module(http, settings.base_url, result.launch_token, get_course(settings).module(MODULE))
    summary = http.get(f"{settings.base_url}/learn/m/{MODULE}/klaar", params={"lt": result.launch_token})
    assert summary.status_code == 200

    with app.extensions["db"].session() as session:
        assert session.execute(select(OutboxMessage)).scalars().all(), "no score queued"

    while deliver_due(app.extensions["db"]):
        pass
    with app.extensions["db"].session() as session:
        statuses = {m.status for m in session.execute(select(OutboxMessage)).scalars()}
    assert statuses == {"delivered"}, statuses

    teacher = DevLmsClient(settings.devlms_base_url)
    teacher.sign_in("devlms-instructor-1")
    gradebook = teacher.http.get(settings.devlms_base_url + "/gradebook")
    assert gradebook.status_code == 200
    assert "Sanne de Vries" in gradebook.text
    assert re.search(r"100 / 100", gradebook.text), gradebook.text[:3000]
    assert "Completed, FullyGraded" in gradebook.text


def test_instructor_launch_is_staff(lms, settings, app):
    lms.sign_in("devlms-instructor-1")
    result = lms.launch(PLACEMENT)
    assert result.response.status_code == 200
    from lti_tool.models import LaunchSession
    with app.extensions["db"].session() as session:
        row = session.execute(select(LaunchSession)).scalar_one()
        assert any(role.endswith("#Instructor") for role in row.roles)


def test_devlms_launch_replay_of_the_form_post_is_refused(lms, settings):
    lms.sign_in("devlms-learner-1")
    page = lms.http.get(f"{lms.base}/launch/{PLACEMENT}")
    from devlms.client import parse_page
    autopost = lms.http.get(requests.compat.urljoin(page.url, parse_page(page.text).iframe_src))
    form = parse_page(autopost.text)
    first = lms.http.post(form.form_action, data=form.fields)
    assert first.status_code == 200
    replay = requests.post(form.form_action, data=form.fields, headers={"Accept": "application/json"})
    assert replay.status_code == 401
    assert replay.json()["check"] == "state"
