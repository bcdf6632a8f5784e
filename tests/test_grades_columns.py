"""Grades in the LMS, through the development LMS over real HTTP with real JWTs.

Two activities (modules A and B) and a module C that is not placed. A learner
launches A and goes on to B and C inside the tool (the "next module" button, the
course overview): each score lands in its own module's column, never in A's.
"""

from __future__ import annotations

import re
from html import unescape

import requests
from grades_support import A_LINK, A, B, C, Learner, column, deliver_all, grade, history, place
from sqlalchemy import func, select

from devlms.client import DevLmsClient
from devlms.models import DevLineItem, DevPlacement
from lti_tool.blocks import KINDS
from lti_tool.blocks.scoring import scored_blocks
from lti_tool.models import GradeColumn, OutboxMessage
from lti_tool.numbers import percentage

NO_COLUMN_NOTICE = "Die activiteit staat niet in je cursus."


def line_item_count(app) -> int:
    with app.extensions["db"].session() as session:
        return session.scalar(select(func.count(DevLineItem.id)))


def scores_for(app, module_id: str) -> list[OutboxMessage]:
    with app.extensions["db"].session() as session:
        return [m for m in session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ags_score")
                                           .order_by(OutboxMessage.id))
                if module_id in str(m.payload.get("lineitem")) or
                m.payload.get("find_lineitem", {}).get("resource_id") == module_id]


def test_each_module_score_lands_in_its_own_column(live_server, settings, app):
    place(app, "Een nieuwe collega inwerken", B)
    columns_before = line_item_count(app)
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)

    sanne.complete(A)
    deliver_all(app)
    a_after_a = history(app, A)
    assert a_after_a[-1] == ("FullyGraded", 100.0)

    sanne.complete(B)  # inside A's activity
    sanne.retake_quiz(B, right=1)  # B's score differs from A's: 100 stays (best attempt)
    deliver_all(app)
    assert grade(app, B) == 100.0
    assert "FullyGraded" in [progress for progress, _ in history(app, B)]
    assert 'data-grade-notice' not in sanne.summary(B)  # B has a column of its own

    sanne.complete(C)  # C has no activity in the course
    deliver_all(app)

    assert history(app, A) == a_after_a  # nothing touched A's column for B or C: no overwrite
    assert grade(app, A) == 100.0
    assert line_item_count(app) == columns_before  # and no column was made for C
    with app.extensions["db"].session() as session:
        assert column(session, C) is None
        remembered = session.scalars(select(GradeColumn).where(GradeColumn.resource_id == C)).one()
        assert remembered.lineitem_url is None
    assert {m.status for m in scores_for(app, C)} <= {"skipped"}
    assert NO_COLUMN_NOTICE in sanne.summary(C)
    assert NO_COLUMN_NOTICE not in sanne.summary(A)

    # A teacher sees the same in the LMS: A's column page lists every write, none for C.
    teacher = DevLmsClient(settings.devlms_base_url)
    teacher.sign_in("devlms-instructor-1")
    with app.extensions["db"].session() as session:
        a_item = column(session, A).id
    page = teacher.http.get(f"{settings.devlms_base_url}/gradebook/column/{a_item}")
    assert page.status_code == 200
    assert page.text.count('data-user="devlms-learner-1"') == len(a_after_a)


def test_once_known_a_missing_column_costs_no_message(live_server, settings, app):
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(C)
    deliver_all(app)
    first = len(scores_for(app, C))
    sanne.retake_quiz(C, right=0)
    assert len(scores_for(app, C)) == first  # the tool knows: nothing is queued
    assert NO_COLUMN_NOTICE in sanne.summary(C)


def test_a_lower_retake_keeps_the_best_attempt(live_server, settings, app):
    place(app, "Een nieuwe collega inwerken", B)
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    sanne.retake_quiz(A, right=0)
    sanne.complete(B)
    sanne.retake_quiz(B, right=0)
    deliver_all(app)
    assert (grade(app, A), grade(app, B)) == (100.0, 100.0)
    assert [value for _, value in history(app, A) if value is not None][-1] == 100.0
    assert "Je score is 100%." in sanne.summary(A) and "Je beste poging telt." in sanne.summary(A)


def test_grading_latest_keeps_the_lower_retake(live_server, settings, app):
    place(app, "Een nieuwe collega inwerken", B, grading="latest")
    # Someone launched B's own activity once: the tool knows B's rule from its custom claim.
    Learner.launch(settings, "devlms-learner-2", "een-nieuwe-collega-inwerken")
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    sanne.retake_quiz(A, right=0)  # A keeps the default: best
    sanne.complete(B)
    sanne.retake_quiz(B, right=1)  # one of four questions right
    deliver_all(app)
    assert grade(app, A) == 100.0
    lower = grade(app, B)
    assert lower is not None and lower < 100.0
    assert history(app, B)[-1] == ("FullyGraded", lower)


def test_an_instructor_launch_queues_no_score(live_server, settings, app):
    jeroen = Learner.launch(settings, "devlms-instructor-1", A_LINK)
    jeroen.complete(A)
    with app.extensions["db"].session() as session:
        queued = session.scalar(select(func.count(OutboxMessage.id))
                                .where(OutboxMessage.kind == "ags_score"))
    assert queued == 0
    assert "Wat je hier doet, is een voorbeeld" in jeroen.summary(A)


def test_teacher_override_is_kept_in_the_column_history(live_server, settings, app):
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    deliver_all(app)
    teacher = DevLmsClient(settings.devlms_base_url)
    teacher.sign_in("devlms-instructor-1")
    with app.extensions["db"].session() as session:
        item = column(session, A).id
    url = f"{settings.devlms_base_url}/gradebook/column/{item}"
    changed = teacher.http.post(url + "/grade", data={"user": "devlms-learner-1", "grade": "55"})
    assert changed.status_code == 200 and "aangepast door een docent" in changed.text
    assert grade(app, A) == 55.0
    refused = teacher.http.post(url + "/grade", data={"user": "devlms-learner-1", "grade": "x"})
    assert refused.status_code == 400
    learner_tries = requests.post(url + "/grade", data={"user": "devlms-learner-1", "grade": "1"},
                                  cookies=sanne.http.cookies)
    assert learner_tries.status_code in (401, 403)


def test_the_picker_places_a_module_whose_latest_attempt_counts(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    picker = lms.deep_link().response
    assert 'name="grading" value="latest"' in picker.text
    token = unescape(re.search(r'name="lt" value="([^"]+)"', picker.text).group(1))
    refused = lms.http.post(settings.base_url + "/lti/deep-link", headers={"Accept": "application/json"},
                            data=[("lt", token), ("item", B), ("grading", "worst")])
    assert refused.status_code == 400 and refused.json()["check"] == "grading"
    chosen = lms.http.post(settings.base_url + "/lti/deep-link",
                           data=[("lt", token), ("item", B), ("grading", "latest")])
    assert lms.submit_form(chosen).status_code == 200
    with app.extensions["db"].session() as session:
        placement = session.scalars(select(DevPlacement).where(
            DevPlacement.custom["content_item"].as_string() == B)).one()
        assert placement.custom == {"content_item": B, "grading": "latest"}
        link = placement.resource_link_id
    sanne = Learner.launch(settings, "devlms-learner-1", link)
    sanne.complete(B)
    sanne.retake_quiz(B, right=0)
    deliver_all(app)
    # The quiz's latest attempt has nothing right; the module's sorting exercise stays right.
    module = sanne.module(B)
    others = sum(KINDS.of(b).max_points(b) for b in scored_blocks(module) if b.type != "quiz")
    assert others and grade(app, B) == percentage(others, others + module.quizzes[0].max_points)
    assert "Je laatste poging telt." in sanne.summary(B)
