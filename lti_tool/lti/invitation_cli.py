"""``lti-tool registrations``: one-time registration links for dynamic registration."""

from __future__ import annotations

import click

from ..db import Database
from ..models import as_utc
from ..settings import Settings
from .invitations import DEFAULT_EXPIRES_HOURS


@click.group()
def registrations() -> None:
    """Registration links: an LMS registers itself only with one of these."""


@registrations.command("invite")
@click.option("--organisation", "organisation_slug", required=True,
              help="Organisation slug (tenant); made when it does not exist yet.")
@click.option("--organisation-name", default=None, help="Display name of a new organisation.")
@click.option("--expires-hours", default=DEFAULT_EXPIRES_HOURS, show_default=True, type=float,
              help="Hours until the link expires.")
@click.option("--service-host", "service_hosts", multiple=True,
              help="Host (or host:port) where the LMS serves grades and member lists, when not the "
                   "host of its login, token or JWKS URL; Canvas: the school's own host (repeat).")
def invite(organisation_slug: str, organisation_name: str | None, expires_hours: float,
           service_hosts: tuple[str, ...]) -> None:
    """Print a one-time registration link for ORGANISATION (paste it as the LMS's tool URL)."""
    from .invitations import InvitationInputError, create_invitation

    settings = Settings.from_env()
    with Database(settings.database_url).session() as session:
        try:
            row, url = create_invitation(session, settings, organisation_slug=organisation_slug,
                                         organisation_name=organisation_name,
                                         expires_hours=expires_hours, service_hosts=service_hosts,
                                         created_by="cli")
        except InvitationInputError as exc:
            raise click.UsageError(str(exc)) from exc
        expires = as_utc(row.expires_at)
    click.echo(f"Registration link for '{organisation_slug}' "
               f"(one use, expires {expires:%Y-%m-%d %H:%M} UTC):")
    click.echo(url)


@registrations.command("list")
def list_command() -> None:
    """List registration links (open, used, revoked, expired) and what they registered."""
    from .invitations import invitation_state, list_invitations

    settings = Settings.from_env()
    with Database(settings.database_url).session() as session:
        rows = list_invitations(session)
        if not rows:
            click.echo("No registration links.")
        for row in rows:
            registered = (f"{row.registration.issuer} / {row.registration.client_id}"
                          if row.registration else "-")
            click.echo(f"{row.id}\t{invitation_state(row)}\t{row.organisation.slug}\t"
                       f"expires {as_utc(row.expires_at):%Y-%m-%d %H:%M} UTC\t{registered}")


@registrations.command("revoke")
@click.argument("invitation_id", type=int)
def revoke(invitation_id: int) -> None:
    """Revoke an unused registration link."""
    from .invitations import revoke_invitation

    with Database(Settings.from_env().database_url).session() as session:
        if not revoke_invitation(session, invitation_id):
            raise click.ClickException(f"no unused registration link {invitation_id}")
    click.echo(f"Revoked registration link {invitation_id}.")
