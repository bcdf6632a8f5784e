"""``lti-tool lrs``: set and show an organisation's LRS from the command line.

The secret never appears on the command line (where ``ps`` and shell history would
keep it): it is read from an environment variable or from standard input.
"""

from __future__ import annotations

import os
import sys

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import LrsSettings, Organisation, OutboxMessage
from ..settings import Settings
from .lrs_config import LrsConfigError, lrs_target, save_lrs


@click.group()
def lrs() -> None:
    """Learning Record Store (xAPI) settings per organisation."""


def _organisation(session: Session, slug: str) -> Organisation:
    organisation = session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if organisation is None:
        raise click.ClickException(f"Onbekende organisatie: {slug}")
    return organisation


def _read_secret(secret_env: str | None, secret_stdin: bool) -> str | None:
    if secret_env and secret_stdin:
        raise click.UsageError("Use --secret-env or --secret-stdin, not both.")
    if secret_env:
        value = os.environ.get(secret_env)
        if not value:
            raise click.ClickException(f"Environment variable {secret_env} is empty or not set.")
        return value
    if secret_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    return None


@lrs.command("set")
@click.argument("org_slug")
@click.option("--endpoint", help="xAPI base URL; statements go to <endpoint>/statements.")
@click.option("--key", help="The LRS key (basic-auth user name).")
@click.option("--secret-env", metavar="VAR", help="Read the secret from this environment variable.")
@click.option("--secret-stdin", is_flag=True, help="Read the secret from the first line of stdin.")
@click.option("--enabled/--disabled", default=True, show_default=True)
@click.option("--identify-learners/--pseudonymous", default=None,
              help="Send learners' names and e-mail (opt-in) instead of pseudonyms.")
def lrs_set(org_slug: str, endpoint: str | None, key: str | None, secret_env: str | None,
            secret_stdin: bool, enabled: bool, identify_learners: bool | None) -> None:
    """Create or change ORG_SLUG's LRS; unchanged options keep their stored value."""
    settings = Settings.from_env()
    secret = _read_secret(secret_env, secret_stdin)
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            organisation = _organisation(session, org_slug)
            current = session.get(LrsSettings, organisation.id)
            row = save_lrs(
                session, organisation, settings.secret_key,
                endpoint=endpoint or (current.endpoint if current else ""),
                key=key or (current.key if current else ""), secret=secret, enabled=enabled,
                identify_learners=(identify_learners if identify_learners is not None
                                   else bool(current and current.identify_learners)))
            click.echo(_describe(session, organisation, row))
    except LrsConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        database.dispose()


@lrs.command("show")
@click.argument("org_slug")
def lrs_show(org_slug: str) -> None:
    """Show ORG_SLUG's LRS (the secret only as a hint) and its queue."""
    database = Database(Settings.from_env().database_url)
    try:
        with database.session() as session:
            organisation = _organisation(session, org_slug)
            row = session.get(LrsSettings, organisation.id)
            if row is None:
                click.echo(f"{organisation.slug}: geen LRS ingesteld.")
                return
            click.echo(_describe(session, organisation, row))
    finally:
        database.dispose()


def _describe(session: Session, organisation: Organisation, row: LrsSettings) -> str:
    counts = dict(session.execute(
        select(OutboxMessage.status, func.count()).where(
            OutboxMessage.target == lrs_target(organisation.id)).group_by(OutboxMessage.status)).all())
    lines = [
        f"organisation:       {organisation.slug} ({organisation.name})",
        f"endpoint:           {row.endpoint}",
        f"key:                {row.key}",
        f"secret:             {row.secret_hint}",
        f"enabled:            {'yes' if row.enabled else 'no'}",
        f"identify learners:  {'yes' if row.identify_learners else 'no (pseudonymous)'}",
        "queue:              " + (", ".join(f"{status} {count}" for status, count in sorted(counts.items()))
                                  or "empty"),
    ]
    if row.credentials_rejected_at:
        lines.append(f"credentials refused since {row.credentials_rejected_at.isoformat()}: "
                     "statements are held until key/secret are fixed")
    return "\n".join(lines)
