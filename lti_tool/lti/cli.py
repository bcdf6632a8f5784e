"""``lti-tool platforms`` and ``lti-tool keys``: registrations and signing keys."""

from __future__ import annotations

from datetime import timedelta

import click

from ..db import Database
from ..models import as_utc, utcnow
from ..settings import Settings


def _database() -> Database:
    """The database; with Redis configured, a change of a registration here reaches the
    running tool's login caches (see :mod:`.registration_cache`)."""
    settings = Settings.from_env()
    database = Database(settings.database_url)
    if settings.redis_url:
        from .registration_cache import RegistrationGeneration, watch_registration_changes

        watch_registration_changes(database, RegistrationGeneration.from_url(settings.redis_url))
    return database


@click.group()
def platforms() -> None:
    """Platform registrations (LMSs allowed to launch the tool)."""


@platforms.command("add")
@click.option("--organisation", "organisation_slug", required=True, help="Organisation slug (tenant).")
@click.option("--organisation-name", default=None,
              help="A new organisation's name in the operator's lists (default: the slug). People see "
                   "the name set on /admin/huisstijl, else the platform's own name.")
@click.option("--name", required=True, help="Name of the platform, e.g. 'Moodle Hogeschool X'.")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--login-url", required=True, help="The platform's OIDC authorization endpoint.")
@click.option("--token-url", required=True, help="The platform's OAuth2 token endpoint.")
@click.option("--jwks-url", required=True, help="The platform's public key set URL.")
@click.option("--audience", default=None, help="Token audience, when not the token URL.")
@click.option("--deployment", "deployments", multiple=True, help="Allowed deployment id (repeat).")
@click.option("--accept-first-deployment", is_flag=True,
              help="No deployment id known: accept the one the first launch brings (once).")
@click.option("--service-host", "service_hosts", multiple=True,
              help="Host (or host:port) of the platform's grade and member services, when not the "
                   "host of its login, token or JWKS URL; Canvas: your school's Canvas host (repeat).")
def platforms_add(organisation_slug: str, organisation_name: str | None, name: str, issuer: str,
                  client_id: str, login_url: str, token_url: str, jwks_url: str,
                  audience: str | None, deployments: tuple[str, ...],
                  accept_first_deployment: bool, service_hosts: tuple[str, ...]) -> None:
    """Add or update a registration."""
    from .registrations import NewRegistration, add_registration, deployment_summary

    with _database().session() as session:
        registration = add_registration(session, NewRegistration(
            organisation_slug=organisation_slug, organisation_name=organisation_name or organisation_slug,
            name=name, issuer=issuer, client_id=client_id, auth_login_url=login_url,
            auth_token_url=token_url, jwks_url=jwks_url, auth_audience=audience,
            deployment_ids=deployments, accept_first_deployment=accept_first_deployment,
            service_hosts=service_hosts))
        click.echo(f"Registration {registration.id}: {issuer} / {client_id}, deployments: "
                   + deployment_summary(registration))


@platforms.command("list")
def platforms_list() -> None:
    """List registrations."""
    from .registrations import deployment_summary, list_registrations

    with _database().session() as session:
        rows = list_registrations(session)
        if not rows:
            click.echo("No registrations.")
        for row in rows:
            state = "active" if row.active else "disabled"
            click.echo(f"{row.id}\t{state}\t{row.organisation.slug}\t{row.issuer}\t{row.client_id}\t"
                       f"deployments: {deployment_summary(row)}\t{row.name}")


@platforms.command("disable")
@click.argument("issuer")
@click.argument("client_id")
def platforms_disable(issuer: str, client_id: str) -> None:
    """Refuse launches from this registration from now on."""
    from .registrations import set_active

    with _database().session() as session:
        try:
            set_active(session, issuer, client_id, False)
        except LookupError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Disabled {issuer} / {client_id}.")


@click.group()
def keys() -> None:
    """The tool's signing keys (published at /lti/jwks)."""


@keys.command("list")
def keys_list() -> None:
    from .keys import published_keys

    now = utcnow()
    with _database().session() as session:
        for key in published_keys(session):
            signing_from = as_utc(key.signing_from)
            state = ("signing" if signing_from <= now
                     else f"published, signs from {signing_from:%Y-%m-%d %H:%M} UTC")
            if key.retired_at:
                state += f", leaves {as_utc(key.retired_at):%Y-%m-%d %H:%M} UTC"
            click.echo(f"{key.kid}\t{state}")


@keys.command("rotate")
@click.option("--overlap-hours", default=24.0, show_default=True,
              help="Hours between publishing the new key and signing with it.")
def keys_rotate(overlap_hours: float) -> None:
    """Publish a new key; sign with it after the overlap; the old key leaves after twice that."""
    from .keys import rotate

    with _database().session() as session:
        key = rotate(session, timedelta(hours=overlap_hours))
        click.echo(f"New key {key.kid} published; signing with it from "
                   f"{as_utc(key.signing_from):%Y-%m-%d %H:%M} UTC.")
