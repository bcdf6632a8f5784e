"""The devlms's own Alembic history, run when it is mounted (development only).

Its tables live in the tool's database but are none of the tool's business: they have
their own script directory (``devlms/migrations``, branch label ``devlms``) and their own
version table, so ``lti-tool db upgrade`` and the tool's single head never see them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "devlms_alembic_version"
TABLE_PREFIX = "devlms_"


def own_table(name: str | None, kind: str, _parent: object = None) -> bool:
    """Autogenerate's filter: only the devlms's model tables (the tool's share the database)."""
    return kind != "table" or ((name or "").startswith(TABLE_PREFIX) and name != VERSION_TABLE)


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic logs at INFO when imported and on every run: noise on each start of a
    development app (``lti-tool db upgrade`` of the tool's history says what it does)."""
    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic_log.setLevel(level)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the devlms tables to ``revision`` on ``engine``'s database."""
    with _quiet_alembic():
        from alembic import command

        from lti_tool.migrate import alembic_config

        config = alembic_config(engine.url.render_as_string(hide_password=False), MIGRATIONS_DIR)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def make_revision(database_url: str, message: str) -> None:
    """Autogenerate a new devlms revision against an up-to-date database (developer use)."""
    from lti_tool.migrate import make_revision as make_tool_revision

    make_tool_revision(database_url, message, MIGRATIONS_DIR)
