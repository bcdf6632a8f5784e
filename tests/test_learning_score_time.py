"""What the progress row keeps for the gradebook (issue 16, migration 0021): the second of the
module's last score, so quick answers still reach the LMS a whole second apart without reading
the outbox, and the column the learner's own launch remembered, so it is not upserted again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update
from test_learning_support import AGS, PLAYER_CONTENT, make_launch

from lti_tool.models import GradeColumn, ModuleProgress, OutboxMessage
from lti_tool.models.base import as_utc


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PLAYER_CONTENT)


def answer_quiz(client, lt: str, attempt: int):
    response = client.post("/learn/m/een/b/een-quiz/answer",
                           data={"lt": lt, "attempt": str(attempt), "q-v1": "a", "q-v2": "twee"})
    assert response.status_code == 303 and "melding" not in response.location
    return response


def score_times(app) -> list[datetime]:
    with app.extensions["db"].session() as session:
        return [datetime.fromisoformat(m.payload["score"]["timestamp"]) for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "ags_score").order_by(OutboxMessage.id))]


def row(app, learner_id: int) -> ModuleProgress:
    with app.extensions["db"].session() as session:
        found = session.scalar(select(ModuleProgress).where(ModuleProgress.learner_id == learner_id,
                                                            ModuleProgress.module_id == "een"))
        assert found is not None
        return found


def whole_second(moment: datetime) -> int:
    return int(moment.timestamp())


def test_quick_answers_reach_the_gradebook_a_whole_second_apart(app, client):
    sam = make_launch(app, content_item_id="een")
    for attempt in range(4):  # well within a second or two: each needs a second of its own
        answer_quiz(client, sam.token, attempt)
    times = score_times(app)
    assert len(times) == 4
    seconds = [whole_second(moment) for moment in times]
    assert seconds == sorted(set(seconds)), times  # strictly later, second by second
    assert row(app, sam.learner_id).score_second == seconds[-1]


def test_a_row_from_before_the_upgrade_looks_at_the_outbox_once(app, client):
    sam = make_launch(app, content_item_id="een")
    answer_quiz(client, sam.token, 0)
    ahead = datetime.fromisoformat(score_times(app)[-1].isoformat()) + timedelta(seconds=5)
    with app.extensions["db"].session() as session:
        # As migration 0021 leaves an existing row (NULL: not known), with a score queued
        # just before that is (after quick answers) a few seconds ahead of the clock.
        session.execute(update(ModuleProgress).values(score_second=None))
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ags_score")).one()
        message.payload = {**message.payload, "score": {**message.payload["score"],
                                                       "timestamp": ahead.isoformat()}}
        session.commit()
    answer_quiz(client, sam.token, 1)
    answer_quiz(client, sam.token, 2)
    times = score_times(app)
    assert whole_second(times[1]) == whole_second(ahead) + 1  # found in the outbox
    assert whole_second(times[2]) == whole_second(ahead) + 2  # kept on the row since
    assert row(app, sam.learner_id).score_second == whole_second(times[2])


def test_the_column_is_remembered_once_and_scores_still_go_to_the_launchs_own(app, client):
    sam = make_launch(app, content_item_id="een")
    answer_quiz(client, sam.token, 0)
    with app.extensions["db"].session() as session:
        remembered = session.scalars(select(GradeColumn).where(GradeColumn.resource_id == "een")).one()
        assert remembered.lineitem_url == AGS["lineitem"]
        first_check = as_utc(remembered.checked_at)
    assert row(app, sam.learner_id).grade_lineitem == AGS["lineitem"]

    answer_quiz(client, sam.token, 1)  # known: not upserted again
    with app.extensions["db"].session() as session:
        remembered = session.scalars(select(GradeColumn).where(GradeColumn.resource_id == "een")).one()
        assert as_utc(remembered.checked_at) == first_check
        # The LMS said the course has no column for "een" (the teacher's gradebook page).
        remembered.lineitem_url = None
        session.commit()
    answer_quiz(client, sam.token, 2)
    with app.extensions["db"].session() as session:
        scores = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ags_score")
                                 .order_by(OutboxMessage.id)).all()
    # The launch's own column is the launch's, whatever grade_columns says.
    assert [m.payload["lineitem"] for m in scores] == [AGS["lineitem"]] * 3

    # Another learner's first answer remembers the launch's column again; a launch naming
    # another column remembers that one on the row.
    kim = make_launch(app, content_item_id="een")
    answer_quiz(client, kim.token, 0)
    with app.extensions["db"].session() as session:
        remembered = session.scalars(select(GradeColumn).where(GradeColumn.resource_id == "een")).one()
        assert remembered.lineitem_url == AGS["lineitem"]
    moved = make_launch(app, content_item_id="een", ags={**AGS, "lineitem": "http://lms.example/li/2"})
    answer_quiz(client, moved.token, 0)
    assert row(app, moved.learner_id).grade_lineitem == "http://lms.example/li/2"
    assert score_times(app) and len(score_times(app)) == 5


def test_a_launch_without_scores_reserves_no_second(app, client):
    sam = make_launch(app, content_item_id="een", ags=None)
    answer_quiz(client, sam.token, 0)
    assert score_times(app) == []
    assert row(app, sam.learner_id).score_second == 0 and row(app, sam.learner_id).grade_lineitem is None
