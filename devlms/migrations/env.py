"""Alembic environment of the development LMS: only its ``devlms_*`` tables.

Its history is its own (version table ``devlms_alembic_version``), next to the tool's
in the same database; the URL or connection comes from :mod:`devlms.migrate`.
"""

from alembic import context
from sqlalchemy import create_engine

from devlms.migrate import VERSION_TABLE, own_table
from devlms.models import DevBase

config = context.config
target_metadata = DevBase.metadata


def _configure(**options) -> None:
    context.configure(target_metadata=target_metadata, version_table=VERSION_TABLE,
                      include_name=own_table, render_as_batch=True, compare_type=True, **options)


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
