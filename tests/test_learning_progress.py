"""Scoring, progress and grades (no Flask in the code under test)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from test_learning_support import PLAYER_CONTENT, make_launch

from lti_tool.blocks.quiz import question_points, quiz_response, score_quiz
from lti_tool.blocks.scoring import module_score
from lti_tool.content import load_package
from lti_tool.learning import progress
from lti_tool.models import Answer, LaunchSession, ModuleProgress, OutboxMessage
from lti_tool.web import launch_from_row

COURSE = load_package(PLAYER_CONTENT / "werkbegeleiding")
ONE = COURSE.module("een")
QUIZ = ONE.block("een-quiz")
V1, V2 = QUIZ.questions


def test_single_choice_is_all_or_nothing():
    assert question_points(V1, ["a"]) == 2
    assert question_points(V1, ["b"]) == 0
    assert question_points(V1, []) == 0
    assert question_points(V1, ["a", "b"]) == 0


@pytest.mark.parametrize(("chosen", "points"), [
    (["twee", "vier"], 2.0),          # all right
    (["twee"], 1.0),                  # partial: half of the right options
    (["twee", "drie"], 0.0),          # a wrong pick cancels a right one
    (["twee", "drie", "vier"], 1.0),
    (["drie"], 0.0),                  # never below zero
])
def test_multiple_choice_partial_credit(chosen, points):
    assert question_points(V2, chosen) == points


def test_score_quiz_and_form_parsing():
    form = {"q-v1": ["a", "b"], "q-v2": ["twee", "onzin", "twee"]}
    response = quiz_response(QUIZ, form)
    assert response == {"v1": ["a"], "v2": ["twee"]}
    result = score_quiz(QUIZ, response, pass_mark=60)
    assert (result.earned, result.maximum, result.percent, result.passed) == (3.0, 4, 75.0, True)
    assert score_quiz(QUIZ, {"v2": ["twee"]}, 60).passed is False


def _launch(app, **kwargs):
    info = make_launch(app, **kwargs)
    session = app.extensions["db"].session_factory()
    return session, launch_from_row(session.get(LaunchSession, info.session_id))


def _quiz(session, launch, response):
    result = score_quiz(QUIZ, response, ONE.pass_mark)
    return progress.record(session, launch, ONE, QUIZ, response={"answers": response},
                           score=result.earned, max_score=result.maximum)


def test_completion_sends_fully_graded_score_in_the_same_commit(app):
    session, launch = _launch(app, content_item_id="een")  # the module's own placement
    progress.record(session, launch, ONE, ONE.block("een-tekst"))
    progress.record(session, launch, ONE, ONE.block("een-reflectie"), response={"text": "Iets"})
    recorded = _quiz(session, launch, {"v1": ["a"], "v2": ["twee"]})
    # Nothing is committed yet: the answer and the score travel together.
    other = app.extensions["db"].session_factory()
    assert other.scalar(select(func.count(OutboxMessage.id))) == 0
    assert other.scalar(select(func.count(Answer.id))) == 0
    other.close()
    session.commit()
    assert recorded.completed_now
    row = session.scalar(select(ModuleProgress))
    assert (row.status, row.score_given, row.score_maximum) == ("completed", 75.0, 100.0)
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.payload["score"]["activityProgress"] for m in messages] == ["InProgress", "Completed"]
    final = messages[-1].payload
    assert final["lineitem"] == "http://lms.example/li/1"
    assert final["score"]["gradingProgress"] == "FullyGraded"
    assert final["score"]["scoreGiven"] == 75.0 and final["score"]["scoreMaximum"] == 100
    pending = messages[0].payload["score"]
    assert pending["gradingProgress"] == "Pending" and "scoreGiven" not in pending
    session.close()


def test_retry_keeps_history_and_latest_attempt_counts(app):
    session, launch = _launch(app)
    for block in (ONE.block("een-tekst"), ONE.block("een-reflectie")):
        progress.record(session, launch, ONE, block, response={"text": "x"})
    _quiz(session, launch, {"v1": ["b"], "v2": []})
    assert session.scalar(select(ModuleProgress)).score_given == 0.0
    _quiz(session, launch, {"v1": ["a"], "v2": ["twee", "vier"]})
    session.commit()
    answers = progress.block_answers(session, launch, "een", "een-quiz")
    assert [a.score for a in answers] == [0.0, 4.0]
    assert session.scalar(select(ModuleProgress)).score_given == 100.0
    assert progress.passed(ONE, session.scalar(select(ModuleProgress))) is True
    session.close()


def test_the_answer_post_reads_the_answers_the_lock_held(app):
    """``hold`` takes the lock and reads the answers (on SQLite in the same UPDATE, as JSON):
    the same rows as the read on its own, value for value and type for type: scores with all
    their digits (JSON's 15 would round 200/3), no score, dates, the response's JSON (its
    numbers as written)."""
    session, launch = _launch(app)
    for response in ({"v1": ["b"], "v2": []}, {"v1": ["a"], "v2": ["twee"]}, {"v1": ["a"], "v2": []}):
        _quiz(session, launch, response)
    session.execute(update(Answer).values(score=Answer.id * 200.0 / 3, max_score=3.0))
    session.execute(update(Answer).where(Answer.id == session.scalar(select(func.min(Answer.id))))
                    .values(score=None, max_score=None,
                            response={"tekst": 'Één "zin" <b>\\ ✓', "deel": 200 / 3, "groot": 10**20}))
    session.commit()
    names = [column.name for column in Answer.__table__.columns]

    def values(rows):
        return [[getattr(row, name) for name in names] for row in rows]

    held = progress.hold(session, launch, ONE, QUIZ)
    read = values(held.answers), list(held.progress.blocks_done)
    session.rollback()
    row = progress.get_progress(session, launch, ONE.id)
    answers, done = progress.module_answers(session, launch, ONE, QUIZ.id, with_done_of=row)
    assert read == (values(answers), done) and done == ["een-quiz"]
    assert [[type(v) for v in row] for row in read[0]] == [[type(v) for v in row] for row in values(answers)]
    assert len(read[0]) == 3 and read[0][0][names.index("score")] is None
    session.close()


def test_no_outbox_message_without_ags(app):
    session, launch = _launch(app, ags=None)
    for block in ONE.blocks:
        progress.record(session, launch, ONE, block, response={"x": 1})
    session.commit()
    assert session.scalar(select(ModuleProgress)).status == "completed"
    assert session.scalar(select(func.count(OutboxMessage.id))) == 0
    session.close()


def test_module_without_quiz_scores_100():
    assert module_score(COURSE.module("twee"), {}) == 100.0
