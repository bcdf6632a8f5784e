"""A school's intervisie group in the development LMS: four werkbegeleiders of one course, one
of whom takes no part and one who never comes back after taking part. When the session ends
(a member closes its last step, or its deadline passes and the worker ends it) the trainer's
gradebook shows everyone who took part as done, without anyone opening the tool again, and
the member who took no part as not done. Coming back later sends nothing twice."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
import requests

from devlms.client import DevLmsClient
from devlms.models import DevEnrolment, DevUser
from devlms.seed import COURSE_CONTEXT_ID, course_by_context
from lti_tool.models import utcnow
from lti_tool.models.intervisie import IntervisieSession
from lti_tool.outbox.worker import deliver_due
from tests.grades_support import Learner, column, history, place
from tests.intervisie_support import CASE

# Sanne and Mohammed are in the development LMS's course already.
NEW_PEOPLE = [("devlms-learner-3", "Fatima", "Yilmaz"), ("devlms-learner-4", "Daan", "Visser")]
TOOK_PART = {"Sanne de Vries", "Mohammed El Amrani", "Fatima Yilmaz"}


def _enrol_two_more(app) -> None:
    with app.extensions["db"].session() as session:
        course = course_by_context(session, COURSE_CONTEXT_ID)
        session.add_all([DevUser(username=username, kind="learner", given_name=given,
                                 family_name=family, name=f"{given} {family}",
                                 email=f"{given.lower()}@example.org")
                         for username, given, family in NEW_PEOPLE])
        session.flush()
        session.add_all([DevEnrolment(course_id=course.id, username=username)
                         for username, _given, _family in NEW_PEOPLE])


class Member:
    """A werkbegeleider who opened the course's intervisie activity in the LMS."""

    def __init__(self, settings, username: str, link: str) -> None:
        self.base = settings.base_url
        self.learner = Learner.launch(settings, username, link)

    def post(self, path: str, **data: str) -> requests.Response:
        """A form, without opening the page it leads to (nobody looks afterwards)."""
        response = self.learner.http.post(self.base + path, allow_redirects=False, data={
            "lt": self.learner.token, "idem": secrets.token_urlsafe(18), **data})
        assert response.status_code == 303, response.text[:300]
        return response

    def write(self, session_id: int, step: str, text: str) -> None:
        self.post(f"/intervisie/s/{session_id}/schrijven", step=step, text=text, confirmed="1")

    def close(self, session_id: int, index: int) -> None:
        self.post(f"/intervisie/s/{session_id}/volgende", step_index=str(index))

    def page(self, path: str) -> str:
        return self.learner.get(path).text


def _group_of_four(app, settings) -> tuple[list[Member], int, str]:
    """The trainer forms a group of four from the course roster; Sanne starts a session."""
    _enrol_two_more(app)
    link = place(app, "Intervisie", "intervisie")
    usernames = [f"devlms-learner-{n}" for n in range(1, 5)]
    members = [Member(settings, username, link) for username in usernames]
    trainer = Learner.launch(settings, "devlms-instructor-1", link)
    formed = trainer.http.post(settings.base_url + "/intervisie/groepen", allow_redirects=False, data={
        "lt": trainer.token, "name": "Intervisiegroep Zorg", "idem": secrets.token_urlsafe(18),
        "member": usernames})
    assert formed.status_code == 303, formed.text[:300]
    group_id = int(re.search(r"/intervisie/g/(\d+)", members[0].page("/intervisie/")).group(1))
    return members, group_id, link


def _start(sanne: Member, group_id: int, method: str, mode: str) -> int:
    started = sanne.post(f"/intervisie/g/{group_id}/sessies", method=method, mode=mode)
    return int(re.search(r"/intervisie/s/(\d+)", started.headers["Location"]).group(1))


def _live_session_closed_by_sanne(app, members: list[Member], group_id: int) -> int:
    sanne, mohammed, fatima, _daan = members
    session_id = _start(sanne, group_id, "incidentmethode", "live")
    sanne.write(session_id, "casus", CASE)
    mohammed.write(session_id, "vragen", "Sinds wanneer gebeurt het?")
    fatima.write(session_id, "vragen", "Heb je het al benoemd?")  # and is not seen again
    mohammed.close(session_id, 1)
    entry = re.search(r'name="entry" value="(\d+)"', sanne.page(f"/intervisie/s/{session_id}"))
    sanne.post(f"/intervisie/s/{session_id}/kiezen", entry=entry.group(1))
    mohammed.write(session_id, "adviezen", "Benoem het rustig, onder vier ogen.")
    sanne.close(session_id, 3)
    sanne.write(session_id, "meenemen", "Ik benoem het morgen in ons overleg.")
    mohammed.write(session_id, "terugblik", "Fijn en rustig.")
    sanne.close(session_id, 5)  # the end: nobody opens a page after it
    return session_id


def _time_passes(app, session_id: int, days: int) -> None:
    with app.extensions["db"].session() as session:
        row = session.get(IntervisieSession, session_id)
        row.step_deadline = utcnow() - timedelta(days=days)


def _async_session_that_runs_out(app, members: list[Member], group_id: int) -> int:
    sanne, mohammed, fatima, _daan = members
    session_id = _start(sanne, group_id, "roddelmethode", "async")
    sanne.write(session_id, "casus", CASE)
    mohammed.write(session_id, "vragen", "Hoe lang werkt ze er?")
    fatima.write(session_id, "vragen", "Is het elke dag?")  # and is not seen again
    # Daan never asks; nobody opens the session again. A month later every deadline has
    # passed: only the worker is left to end it.
    _time_passes(app, session_id, days=30)
    return session_id


def _gradebook_column(settings, item_id: int) -> dict[str, str]:
    """The trainer opens the intervisie column in the LMS: the grade per learner."""
    trainer = DevLmsClient(settings.devlms_base_url)
    trainer.sign_in("devlms-instructor-1")
    page = trainer.http.get(f"{settings.devlms_base_url}/gradebook/column/{item_id}")
    page.raise_for_status()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*<td>(.*?)</td>', page.text, re.S)
    return {name: re.sub(r"<[^>]+>", "", grade).strip() for name, grade in rows}


def _worker_runs(app) -> None:
    while deliver_due(app.extensions["db"], app.extensions["settings"]):
        pass


@pytest.mark.parametrize("ending", [_live_session_closed_by_sanne, _async_session_that_runs_out],
                         ids=["closed", "deadline"])
def test_the_trainer_sees_everyone_who_took_part_as_done(live_server, settings, app, ending):
    members, group_id, _link = _group_of_four(app, settings)
    session_id = ending(app, members, group_id)
    _worker_runs(app)
    with app.extensions["db"].session() as session:
        assert session.get(IntervisieSession, session_id).status == "done"
        item_id = column(session, "intervisie").id
    grades = _gradebook_column(settings, item_id)
    assert {name for name, grade in grades.items() if grade == "1"} == TOOK_PART, grades
    assert grades["Daan Visser"] == "–"

    # Mohammed and Sanne come back later: the gradebook got one completion each, not two.
    for member in members[:2]:
        member.page(f"/intervisie/g/{group_id}")
        member.page(f"/intervisie/s/{session_id}")
    _worker_runs(app)
    for username in ("devlms-learner-1", "devlms-learner-2", "devlms-learner-3"):
        assert history(app, "intervisie", username) == [("FullyGraded", 1.0)]
    assert history(app, "intervisie", "devlms-learner-4") == []
