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
