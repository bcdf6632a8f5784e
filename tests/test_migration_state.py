"""Migration 0012_state keeps what learners did: the blocks done move from the JSON list
into rows, and a learner's surplus open zelfscans are set aside, the newest stays open."""

from __future__ import annotations

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
