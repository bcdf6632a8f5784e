"""The trainer overview reads the gradebook back and marks every learner whose grade
in the LMS differs from the tool's, with the reason; a silent LMS never breaks it."""

from __future__ import annotations

import socket
import time

import requests
from grades_support import A_LINK, A, B, Learner, column, deliver_all, place
from sqlalchemy import select

from devlms.client import DevLmsClient
from lti_tool.dashboard import gradebook
from lti_tool.models import LaunchSession


def overview(settings, token: str) -> requests.Response:
    return requests.get(f"{settings.base_url}/dashboard/", params={"lt": token}, timeout=30)


def row_of(html: str, name: str) -> str:
    start = html.index(f'<th scope="row">{name}')
    return html[start:html.index("</tr>", start)]


def test_overview_marks_a_grade_changed_by_a_teacher_and_one_still_pending(live_server, settings, app):
    place(app, "Een nieuwe collega inwerken", B)
    sanne = Learner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    deliver_all(app)
    teacher = DevLmsClient(settings.devlms_base_url)
    teacher.sign_in("devlms-instructor-1")
    with app.extensions["db"].session() as session:
        item = column(session, A).id
    teacher.http.post(f"{settings.devlms_base_url}/gradebook/column/{item}/grade",
                      data={"user": "devlms-learner-1", "grade": "55"}).raise_for_status()
    mohammed = Learner.launch(settings, "devlms-learner-2", A_LINK)
    mohammed.complete(A)  # not delivered yet

    page = overview(settings, Learner.launch(settings, "devlms-instructor-1", A_LINK).token)
    assert page.status_code == 200
    assert 'data-gradebook="ok"' in page.text
    assert "Bij 2 deelnemers wijkt de cijferlijst af." in page.text
    sanne_row = row_of(page.text, "Sanne de Vries")
    assert 'data-difference="overwritten"' in sanne_row
    assert "in de tool 100, in de leeromgeving 55" in sanne_row
    assert 'data-difference="pending"' in row_of(page.text, "Mohammed El Amrani")
    # Modules without an activity of their own say so; A and B have one.
    assert f'data-no-column="{A}"' not in page.text and f'data-no-column="{B}"' not in page.text
    assert 'data-no-column="begeleidingsbehoefte-in-kaart"' in page.text

    deliver_all(app)  # Mohammed's grade arrives: only Sanne's teacher change remains
    page = overview(settings, Learner.launch(settings, "devlms-instructor-1", A_LINK).token)
    assert "Bij 1 deelnemer wijkt de cijferlijst af." in page.text
    assert "data-difference" not in row_of(page.text, "Mohammed El Amrani")


def test_overview_stays_quick_when_the_gradebook_does_not_answer(live_server, settings, app,
                                                                  monkeypatch):
    monkeypatch.setattr(gradebook, "TIMEOUT", (0.5, 0.5))
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    try:
        token = Learner.launch(settings, "devlms-instructor-1", A_LINK).token
        with app.extensions["db"].session() as session:
            row = session.scalars(select(LaunchSession).order_by(LaunchSession.created_at.desc())).first()
            row.ags = {**row.ags, "lineitems": f"http://127.0.0.1:{silent.getsockname()[1]}/lineitems"}
        started = time.monotonic()
        page = overview(settings, token)
        took = time.monotonic() - started
    finally:
        silent.close()
    assert page.status_code == 200
    assert "Kon cijferlijst niet lezen." in page.text and "Sanne de Vries" in page.text
    assert took < 5, took
