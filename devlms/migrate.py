"""The devlms's own Alembic history, run when it is mounted (development only).

Its tables live in the tool's database but are none of the tool's business: they have
their own script directory (``devlms/migrations``, branch label ``devlms``) and their own
version table, so ``lti-tool db upgrade`` and the tool's single head never see them.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "devlms_alembic_version"
TABLE_PREFIX = "devlms_"


def own_table(name: str | None, kind: str, _parent: object = None) -> bool:
    """Autogenerate's filter: only the devlms's model tables (the tool's share the database)."""
    return kind != "table" or ((name or "").startswith(TABLE_PREFIX) and name != VERSION_TABLE)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the devlms tables to ``revision`` on ``engine``'s database."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def make_revision(database_url: str, message: str) -> None:
    """Autogenerate a new devlms revision against an up-to-date database (developer use)."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
