"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from lti_tool.models import Base


def test_migrations_match_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            # The development LMS keeps its own tables, created outside Alembic.
            "include_name": lambda name, kind, _parent: not (
                kind == "table" and (name or "").startswith("devlms_")),
        })
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migration_history_has_one_head():
    from alembic.script import ScriptDirectory

    from lti_tool.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"Alembic has {len(heads)} heads {heads}: add a merge revision"


def test_a_locked_track_stays_locked_through_the_counter_migration(tmp_path):
    """0014 moves the Samenleer code lockout to ``rate_limit_counters``: a lock holds."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text

    from lti_tool.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'lockout.sqlite3'}"
    upgrade(url, "0013_tenancy")
    until = datetime.now(UTC) + timedelta(minutes=10)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO samenleer_code_attempts (key, failures, window_start, locked_until) VALUES "
            "('track:7', 0, :now, :until), ('track:8', 3, :now, NULL), ('ip:1.2.3.4', 2, :now, NULL)"),
            {"now": datetime.now(UTC), "until": until})
    upgrade(url, "0014_hardening")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT key, hits, resets_at FROM rate_limit_counters")).all()
    engine.dispose()
    from lti_tool.samenleer.ratelimit import TRACK, TRACK_LIMIT

    assert [(key, hits) for key, hits, _ in rows] == [(TRACK.keys("7")[0][0], TRACK_LIMIT)]
    assert abs(rows[0][2] - until.timestamp() * 1000) < 1000
