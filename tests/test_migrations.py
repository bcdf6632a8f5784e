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
            # The development LMS's tables have their own history: see the devlms tests below.
            "include_name": lambda name, kind, _parent: not (
                kind == "table" and (name or "").startswith("devlms_")),
        })
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_devlms_migrations_match_its_models(database_url):
    """The devlms's own history (``devlms/migrations``) builds exactly its models' tables."""
    from devlms.migrate import own_table
    from devlms.models import DevBase

    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": own_table})
        diff = compare_metadata(context, DevBase.metadata)
    engine.dispose()
    assert diff == [], f"devlms models and migrations differ: {diff}"


def test_devlms_history_is_its_own_with_one_head(tmp_path):
    """The tool's upgrade makes no devlms table; the devlms's branch has one head of its own."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from devlms.migrate import MIGRATIONS_DIR, VERSION_TABLE
    from lti_tool.migrate import alembic_config, upgrade

    script = ScriptDirectory.from_config(alembic_config("sqlite://", MIGRATIONS_DIR))
    heads = script.get_heads()
    assert len(heads) == 1, f"the devlms history has {len(heads)} heads {heads}: add a merge revision"
    (base,) = script.get_bases()
    assert script.get_revision(base).branch_labels == {"devlms"}
    url = f"sqlite:///{tmp_path / 'tool-only.sqlite3'}"
    upgrade(url)
    engine = create_engine(url)
    tables = inspect(engine).get_table_names()
    engine.dispose()
    assert "alembic_version" in tables
    assert not [name for name in tables if name.startswith("devlms_") or name == VERSION_TABLE]


def test_an_older_devlms_database_is_adopted_with_its_rows(tmp_path):
    """A devlms database from before its migrations (tables made by ``create_all``, later
    columns missing) keeps its rows and gains the columns; a second upgrade does nothing."""
    from sqlalchemy import inspect, text

    from devlms.migrate import VERSION_TABLE, upgrade
    from devlms.models import DevBase

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with engine.begin() as connection:  # devlms_placements as it was before Deep Linking
        connection.execute(text(
            "CREATE TABLE devlms_placements (id INTEGER PRIMARY KEY, course_id INTEGER, "
            "resource_link_id VARCHAR(100), title VARCHAR(300), custom JSON, created_at DATETIME)"))
        connection.execute(text("INSERT INTO devlms_placements (id, course_id, resource_link_id, "
                                "title, custom) VALUES (1, 1, 'a', 'A', '{}')"))
    upgrade(engine)
    upgrade(engine)
    inspector = inspect(engine)
    columns = {column["name"] for column in inspector.get_columns("devlms_placements")}
    assert {"text", "tool_client_id", "target_link_uri"} <= columns
    assert set(DevBase.metadata.tables) <= set(inspector.get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT resource_link_id FROM devlms_placements")).all() == [("a",)]
        assert connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all() == [
            ("0001_devlms_baseline",)]
    engine.dispose()


def test_a_devlms_database_made_by_create_all_is_adopted_unchanged(tmp_path):
    """What every developer's database holds today: the current tables, no version table."""
    from devlms.migrate import own_table, upgrade
    from devlms.models import DevBase

    engine = create_engine(f"sqlite:///{tmp_path / 'create_all.sqlite3'}")
    DevBase.metadata.create_all(engine)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": own_table})
        assert compare_metadata(context, DevBase.metadata) == []
    engine.dispose()


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
