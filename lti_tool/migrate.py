"""Run Alembic migrations programmatically (used by the CLI, `make run` and the tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData, create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "models" / "migrations"


def alembic_config(database_url: str, script_location: Path = MIGRATIONS_DIR) -> Config:
    """The configuration of the tool's history, or of another in ``script_location``."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade to the one head (a test keeps the history linear)."""
    command.upgrade(alembic_config(database_url), revision)


def make_revision(database_url: str, message: str, script_location: Path = MIGRATIONS_DIR) -> None:
    """Autogenerate a new revision against an up-to-date database (developer use)."""
    command.revision(alembic_config(database_url, script_location), message=message, autogenerate=True)


def run_environment(target_metadata: MetaData, **options: Any) -> None:
    """The body of an ``env.py``: run its migrations offline, on the caller's connection
    (``config.attributes["connection"]``) or on the configured URL.

    ``options`` go to ``context.configure`` as well (e.g. another ``version_table``).
    """
    config = context.config
    options = {"target_metadata": target_metadata, "render_as_batch": True, "compare_type": True,
               **options}
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection, options)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as new_connection:
        _run(new_connection, options)
    engine.dispose()


def _run(connection: Connection, options: dict[str, Any]) -> None:
    context.configure(connection=connection, **options)
    with context.begin_transaction():
        context.run_migrations()
