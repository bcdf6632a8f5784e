"""axe-core in Chromium on the pages that talk about grades: the notice on a module
without a column, the trainer's overview marking a difference, and the development
LMS's column page with its history."""

from __future__ import annotations

import pytest
from grades_support import A_LINK, A, C, Learner, column, deliver_all

from tests.browser_support import assert_accessible

pytestmark = pytest.mark.browser


def test_grade_pages_are_accessible(page, app, live_server, settings):
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    sanne.complete(C)
    deliver_all(app)

    page.goto(f"{settings.base_url}/learn/m/{C}/klaar?lt={sanne.token}")
    page.locator("[data-grade-notice=no_column]").wait_for()
    assert_accessible(page, "on a module summary without a column")

    devlms = settings.devlms_base_url
    page.goto(devlms + "/")
    page.check("#user-devlms-instructor-1")
    page.get_by_role("button", name="Inloggen").click()
    with app.extensions["db"].session() as session:
        item = column(session, A).id
    page.goto(f"{devlms}/gradebook/column/{item}")
    page.fill("#grade-devlms-learner-1", "40")
    page.locator("#grade-devlms-learner-1").press("Enter")
    page.locator("#history li[data-source=teacher]").wait_for()
    assert_accessible(page, "on the devlms column page")

    teacher = Learner.launch(settings, "devlms-instructor-1", A_LINK)
    page.goto(f"{settings.base_url}/dashboard/?lt={teacher.token}")
    page.locator("[data-difference=overwritten]").wait_for()
    assert_accessible(page, "on the trainer's overview with a difference")
