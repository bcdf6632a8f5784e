"""The ``lti-tool`` command: serve, db, seed, worker, content."""

from __future__ import annotations

import signal
import sys
import threading
from urllib.parse import urlsplit

import click

from .settings import ConfigurationError, Settings, exit_on_configuration_error


class _Commands(click.Group):
    """Any command: a configuration problem is one readable line and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigurationError as error:
            exit_on_configuration_error(error)


@click.group(cls=_Commands)
def main() -> None:
    """Werkbegeleiding LTI tool."""


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all Alembic migrations to DATABASE_URL."""
    from .migrate import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url)
    click.echo("Database is up to date.")


@main.command()
def seed() -> None:
    """Create the tool's signing key; with the development LMS mounted (it registers itself),
    print a one-time registration link for trying dynamic registration with it."""
    from . import create_app
    from .lti.keys import ensure_tool_key

    settings = Settings.from_env()
    app = create_app(settings)
    with app.extensions["db"].session() as session:
        key = ensure_tool_key(session)
        click.echo(f"Signing key: {key.kid}")
    # A mounted development LMS has registered itself; it names its organisation.
    devlms = app.extensions.get("devlms")
    if devlms is not None:
        from .lti.invitations import create_invitation

        click.echo(f"Development LMS: {settings.devlms_base_url}/")
        with app.extensions["db"].session() as session:
            _row, url = create_invitation(session, settings, organisation_slug=devlms.organisation_slug,
                                          created_by="seed")
        click.echo(f"Registration link for its 'Tool registreren' (one use, 72 hours): {url}")


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default: from BASE_URL).")
@click.option("--port", default=None, type=int, help="Port (default: from BASE_URL).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the tool with the built-in threaded server (development).

    For production, run gunicorn: see README.md.
    """
    from werkzeug.serving import run_simple

    from . import create_app

    settings = Settings.from_env()
    url = urlsplit(settings.base_url)
    app = create_app(settings)
    host = host or "127.0.0.1"
    port = port or url.port or 5000
    click.echo(f"\n  Tool:            {settings.base_url}/")
    if settings.devlms_enabled:
        click.echo(f"  Development LMS: {settings.devlms_base_url}/   <- start here\n")
    run_simple(host, port, app, threaded=True, use_reloader=False)


@main.command()
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
def worker(once: bool) -> None:
    """Deliver the outbox (AGS scores, xAPI statements) until stopped."""
    from .db import Database
    from .logging_setup import configure_logging
    from .outbox.worker import deliver_due, run_forever

    settings = Settings.from_env()
    configure_logging(json_logs=settings.log_json)
    database = Database(settings.database_url)
    if once:
        click.echo(f"Attempted {deliver_due(database, settings)} message(s).")
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    run_forever(database, stop, settings=settings)


@main.group()
def content() -> None:
    """Content package commands."""


@content.command("check")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def content_check(path: str) -> None:
    """Validate a content package; exit status 1 on any problem."""
    from .content import main_check

    sys.exit(main_check(path))


# Command groups of the tool's parts (imported after `main` exists).
from scorm_export.cli import export  # noqa: E402

from .lti.cli import keys, platforms  # noqa: E402
from .lti.invitation_cli import registrations  # noqa: E402
from .samenleer.cli import samenleer  # noqa: E402
from .xapi.cli import lrs  # noqa: E402

for _group in (platforms, registrations, keys, lrs, export, samenleer):
    main.add_command(_group)


if __name__ == "__main__":
    main()
