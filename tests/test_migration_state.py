"""Migration 0012_state keeps what learners did: the blocks done move from the JSON list
into rows, and a learner's surplus open zelfscans are set aside, the newest stays open."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from test_learning_support import make_launch

from lti_tool.migrate import alembic_config, upgrade
from lti_tool.models import ModuleProgress, utcnow
from lti_tool.models.zelfscan import ABANDONED, OPEN, ZelfscanScan

PROGRESS = sa.table("module_progress", sa.column("learner_id"), sa.column("context_id"),
                    sa.column("module_id"), sa.column("last_block_id"),
                    sa.column("blocks_done", sa.JSON), sa.column("status"),
                    sa.column("updated_at"), sa.column("created_at"))
SCANS = sa.table("zelfscan_scans", sa.column("learner_id"), sa.column("organisation_id"),
                 sa.column("context_id"), sa.column("framework_id"), sa.column("status"),
                 sa.column("position"), sa.column("by_staff"), sa.column("updated_at"),
                 sa.column("created_at"))


def test_existing_progress_and_open_scans_survive_the_upgrade(app, database_url):
    sanne, kim = make_launch(app), make_launch(app)
    app.extensions["db"].dispose()
    command.downgrade(alembic_config(database_url), "0011_grades")
    engine = sa.create_engine(database_url)
    now = utcnow()
    with engine.begin() as connection:
        organisation_id = connection.execute(sa.text("SELECT id FROM organisations")).scalar()
        connection.execute(PROGRESS.insert(), [
            {"learner_id": sanne.learner_id, "context_id": sanne.context_id, "module_id": "een",
             "last_block_id": "een-quiz", "blocks_done": ["een-tekst", "een-reflectie"],
             "status": "started", "updated_at": now, "created_at": now},
            {"learner_id": kim.learner_id, "context_id": kim.context_id, "module_id": "een",
             "last_block_id": None, "blocks_done": [], "status": "started",
             "updated_at": now, "created_at": now}])
        connection.execute(SCANS.insert(), [
            {"learner_id": sanne.learner_id, "organisation_id": organisation_id,
             "context_id": sanne.context_id, "framework_id": "werkbegeleider", "status": OPEN,
             "position": 0, "by_staff": False, "updated_at": now, "created_at": now}
            for _ in range(3)])
    engine.dispose()

    upgrade(database_url)

    with app.extensions["db"].session() as session:
        rows = {row.learner_id: row for row in session.scalars(sa.select(ModuleProgress))}
        assert rows[sanne.learner_id].blocks_done == ["een-tekst", "een-reflectie"]
        assert rows[kim.learner_id].blocks_done == []
        scans = session.scalars(sa.select(ZelfscanScan).order_by(ZelfscanScan.id)).all()
        assert [scan.status for scan in scans] == [ABANDONED, ABANDONED, OPEN]


def test_progress_from_before_0021_keeps_its_result_and_does_not_know_its_score_second(app, database_url):
    """0021 adds what the next score needs; an existing row gets NULL ("not known": its next
    score looks at the outbox once), and the upgrade can be undone."""
    sanne = make_launch(app)
    app.extensions["db"].dispose()
    config = alembic_config(database_url)
    command.downgrade(config, "0020_escape")
    engine = sa.create_engine(database_url)
    now = utcnow()
    progress = sa.table("module_progress", sa.column("learner_id"), sa.column("context_id"),
                        sa.column("module_id"), sa.column("status"), sa.column("score_given"),
                        sa.column("updated_at"), sa.column("created_at"))
    with engine.begin() as connection:
        connection.execute(progress.insert(), [
            {"learner_id": sanne.learner_id, "context_id": sanne.context_id, "module_id": "een",
             "status": "completed", "score_given": 80.0, "updated_at": now, "created_at": now}])
    engine.dispose()

    upgrade(database_url)

    with app.extensions["db"].session() as session:
        row = session.scalars(sa.select(ModuleProgress)).one()
        assert (row.status, row.score_given) == ("completed", 80.0)
        assert row.score_second is None and row.grade_lineitem is None
    app.extensions["db"].dispose()
    command.downgrade(config, "0020_escape")
    upgrade(database_url)


def test_0022_keeps_the_earliest_of_a_learners_twin_right_answers_and_then_one_only(app, database_url):
    """Right escape room answers from before 0022 get their key; where a learner has the same
    puzzle (or the door) solved twice, the earliest stays. Wrong tries, other learners, other
    blocks and answers without a course context are kept apart; after the upgrade a second
    right answer is refused by the index, also without a context."""
    sanne, kim = make_launch(app), make_launch(app)
    app.extensions["db"].dispose()
    config = alembic_config(database_url)
    command.downgrade(config, "0021_progress_score_time")
    answers = sa.table("answers", sa.column("id"), sa.column("learner_id"), sa.column("context_id"),
                       sa.column("module_id"), sa.column("block_id"), sa.column("response", sa.JSON),
                       sa.column("created_at"))
    solved = {"puzzle": "p1", "answer": "leidinggevende", "correct": True}
    wrong = {"puzzle": "p1", "answer": "ik", "correct": False}
    door = {"code": "A1B2C3", "correct": True}

    def row(id_: int, who, response: dict, *, block: str = "twee-escape", context: bool = True) -> dict:
        return {"id": id_, "learner_id": who.learner_id, "module_id": "twee", "block_id": block,
                "context_id": who.context_id if context else None, "response": response,
                "created_at": utcnow()}

    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(answers.insert(), [
            row(1, sanne, wrong), row(2, sanne, solved), row(3, sanne, wrong), row(4, sanne, solved),
            row(5, kim, solved), row(6, sanne, solved, block="andere-escape"),
            row(7, sanne, door, context=False), row(8, sanne, door, context=False),
            row(9, sanne, door), row(10, sanne, {"choice": "code", "correct": True})])
    engine.dispose()

    upgrade(database_url)

    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        kept = dict(connection.execute(sa.text("SELECT id, once_key FROM answers")).all())
    assert kept == {1: None, 2: "solve:p1", 3: None, 5: "solve:p1", 6: "solve:p1", 7: "door",
                    9: "door", 10: None}
    keyed = sa.table("answers", *(sa.column(c.name, c.type) for c in answers.columns),
                     sa.column("once_key"))
    for twin, once in ((row(11, sanne, solved), "solve:p1"), (row(12, sanne, door, context=False), "door")):
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
            connection.execute(keyed.insert(), [{**twin, "once_key": once}])
    engine.dispose()
    command.downgrade(config, "0021_progress_score_time")
    upgrade(database_url)
