"""``lti-tool samenleer``: the retention of Samenleer tracks (and of intervisie groups,
which keep to the same period)."""

from __future__ import annotations

import click
from sqlalchemy import select

from ..db import Database
from ..intervisie.retention import purge_groups
from ..models import Organisation
from ..settings import Settings
from .retention import DEFAULT_MONTHS, MONTHS_MAX, MONTHS_MIN, purge, retention_months, set_retention


@click.group()
def samenleer() -> None:
    """Samenleer-gesprek: retention and purging of old tracks."""


@samenleer.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_command(dry_run: bool) -> None:
    """Delete tracks and intervisie groups older than their organisation's retention period."""
    database = Database(Settings.from_env().database_url)
    with database.session() as session:
        result = purge(session, dry_run=dry_run)
        groups = purge_groups(session, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {result.tracks} Samenleer track(s).")
    click.echo(f"{verb} {groups} intervisie group(s).")
    database.dispose()


@samenleer.command("retention")
@click.argument("organisation")
@click.argument("months", type=click.IntRange(MONTHS_MIN, MONTHS_MAX), required=False)
def retention_command(organisation: str, months: int | None) -> None:
    """Show or set how many months ORGANISATION (its slug) keeps tracks after their last use."""
    database = Database(Settings.from_env().database_url)
    with database.session() as session:
        found = session.scalars(select(Organisation).where(Organisation.slug == organisation)).first()
        if found is None:
            raise click.ClickException(f"no organisation with slug '{organisation}'")
        if months is not None:
            set_retention(session, found.id, months)
        click.echo(f"{found.slug}: {retention_months(session, found.id)} months "
                   f"(default {DEFAULT_MONTHS})")
    database.dispose()
