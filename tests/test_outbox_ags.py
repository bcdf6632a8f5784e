"""AGS scores through the outbox to the development LMS over real HTTP: a 500 is retried,
a 409 for an older timestamp means superseded, a 400 for someone who cannot be graded
is rejected and shown on the admin page, where it can be tried again."""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from devlms import urls
from devlms.grades import grade_value, latest_scores
from devlms.models import DevLineItem, DevScore
from lti_tool.grading.columns import remember_column
from lti_tool.lti.service_auth import token_cache
from lti_tool.lti.vocabulary import Scope
from lti_tool.models import OutboxMessage, PlatformRegistration, as_utc, utcnow
from lti_tool.outbox import enqueue_ags_score
from lti_tool.web import launch_from_row

pytest_plugins = ["conftest_ralph"]



@pytest.fixture
def devlms_launch(app, settings, live_server):
    """``devlms_launch(sub)``: a launch from the development LMS with its gradebook column.
    ``column_of``: the column is not the launch's own but that content item's in the course
    (the learner went on inside the tool: the leerlijn, a zelfscan, intervisie)."""
    from conftest_ralph import make_launch_row

    database = app.extensions["db"]

    def make(sub: str, *, column_of: str | None = None):
        with database.session() as session:
            registration = session.scalars(select(PlatformRegistration).where(
                PlatformRegistration.issuer == urls.issuer(settings))).one()
            token_cache.forget_registration(registration.id)
            item = session.scalars(select(DevLineItem).order_by(DevLineItem.id)).first()
            lineitem = urls.lineitem_url(settings, "course-werkbegeleiding", item.id)
            ags = ({"lineitem": lineitem, "scope": [Scope.SCORE]} if column_of is None else
                   {"lineitems": urls.lineitems_url(settings, "course-werkbegeleiding"),
                    "scope": [Scope.SCORE, Scope.LINEITEM]})
            row = make_launch_row(session, registration, sub=sub, ags=ags)
            if column_of is not None:
                remember_column(session, row.context_id, column_of, lineitem)
            return launch_from_row(row)

    return make


def queue_score(app, launch, given: float, when=None) -> int:
    with app.extensions["db"].session() as session:
        message = enqueue_ags_score(session, launch, score_given=given, score_maximum=100,
                                    activity_progress="Completed", grading_progress="FullyGraded",
                                    timestamp=when)
        session.flush()
        return message.id


def message(app, message_id: int) -> OutboxMessage:
    with app.extensions["db"].session() as session:
        return session.get(OutboxMessage, message_id)


def grades(app, username: str) -> list[float]:
    with app.extensions["db"].session() as session:
        return [score.score_given for score in session.scalars(
            select(DevScore).where(DevScore.username == username).order_by(DevScore.id))]


def test_server_error_is_retried_until_the_score_arrives(app, live_server, devlms_launch, make_worker,
                                                          clock):
    launch = devlms_launch("devlms-learner-1")
    requests.post(live_server + "/devlms/_test/faults", json={"scores": [500]}, timeout=5).raise_for_status()
    message_id = queue_score(app, launch, 80)
    worker = make_worker()
    worker.deliver_due()
    first = message(app, message_id)
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "Platform antwoordde 500.")
    assert grades(app, "devlms-learner-1") == []
    clock.advance(3600)
    worker.deliver_due()
    assert message(app, message_id).status == "delivered"
    assert grades(app, "devlms-learner-1") == [80]


def test_older_score_is_superseded_not_retried(app, devlms_launch, make_worker):
    launch = devlms_launch("devlms-learner-1")
    now = utcnow()
    newer = queue_score(app, launch, 90, now)
    make_worker().deliver_due()
    older = queue_score(app, launch, 40, now - timedelta(minutes=5))
    make_worker().deliver_due()
    assert message(app, newer).status == "delivered"
    late = message(app, older)
    assert (late.status, late.attempts) == ("superseded", 1)
    assert "409" in late.last_error
    assert grades(app, "devlms-learner-1") == [90]


def test_ungradable_user_is_rejected_visible_and_can_be_retried(app, client, devlms_launch, make_worker,
                                                                admin_auth):
    launch = devlms_launch("devlms-instructor-1")
    message_id = queue_score(app, launch, 70)
    worker = make_worker()
    worker.deliver_due()
    rejected = message(app, message_id)
    assert (rejected.status, rejected.attempts) == ("rejected", 1)
    # Status and a fixed reason; the platform's own words are never stored or shown.
    assert rejected.last_error == "Platform weigerde de score (400)."
    worker.deliver_due()
    assert message(app, message_id).attempts == 1  # rejected means: not tried again by itself

    page = client.get("/admin/outbox/", auth=admin_auth)
    assert page.status_code == 200
    assert "Platform weigerde de score (400)." in page.text and "ags_score" in page.text
    assert "user cannot be graded" not in page.text
    token = re.search(rf'/admin/outbox/retry/{message_id}".*?name="form_token" value="([^"]+)"',
                      page.text, re.S).group(1)
    answer = client.post(f"/admin/outbox/retry/{message_id}", data={"form_token": token},
                         auth=admin_auth)
    assert answer.status_code == 303
    queued_again = message(app, message_id)
    assert (queued_again.status, queued_again.attempts) == ("pending", 0)


def test_two_scores_within_one_second_both_count_and_the_later_wins(app, devlms_launch, make_worker):
    """The LMS compares whole seconds; queued scores are kept a second apart so none is lost."""
    launch = devlms_launch("devlms-learner-2")
    first, second = queue_score(app, launch, 50), queue_score(app, launch, 90)
    make_worker().deliver_due()
    assert (message(app, first).status, message(app, second).status) == ("delivered", "delivered")
    assert grades(app, "devlms-learner-2") == [50, 90]


def _early_in_a_second() -> None:
    """Sleep until just after a whole second starts, so two scores queued now share it."""
    time.sleep(1.05 - datetime.now().microsecond / 1_000_000)


def test_two_scores_queued_at_the_same_moment_each_count_in_the_order_they_commit(
        app, devlms_launch, make_worker):
    """Two transactions queue a score for the same learner and column in the same second
    (two tabs, a double click on the last step), for a column other than the launch's own
    (nothing else they write is the same row): the gradebook takes both, whole seconds
    apart in the order they committed, and shows the one committed last."""
    launch = devlms_launch("devlms-learner-2", column_of="leerlijn")
    database = app.extensions["db"]
    start = threading.Barrier(2, action=_early_in_a_second, timeout=10)
    committed: list[float] = []
    failures: list[BaseException] = []

    def queue(given: float) -> None:
        try:
            with database.session() as session:
                start.wait()
                enqueue_ags_score(session, launch, score_given=given, score_maximum=100,
                                  activity_progress="Completed", grading_progress="FullyGraded",
                                  item_id="leerlijn")
                session.flush()
                time.sleep(0.3)  # the rest of the request, before it commits
            committed.append(given)
        except BaseException as exc:  # pragma: no cover - shown by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=queue, args=(given,)) for given in (60.0, 90.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures and len(committed) == 2

    make_worker().deliver_due()
    with database.session() as session:
        statuses = session.scalars(select(OutboxMessage.status).where(
            OutboxMessage.kind == "ags_score").order_by(OutboxMessage.id)).all()
        taken = session.scalars(select(DevScore).where(DevScore.username == "devlms-learner-2")
                                .order_by(DevScore.timestamp)).all()
        shown = latest_scores(session, [session.get(DevLineItem, taken[0].line_item_id)],
                              "devlms-learner-2")
    assert statuses == ["delivered", "delivered"]
    seconds = [int(as_utc(score.timestamp).timestamp()) for score in taken]
    assert [score.score_given for score in taken] == committed
    assert seconds == sorted(set(seconds)) and len(seconds) == 2, seconds
    assert [grade_value(score) for score in shown.values()] == [committed[-1]]
