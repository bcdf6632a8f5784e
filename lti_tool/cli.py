"""The ``lti-tool`` command: serve, db, seed, worker, content."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import click

from .settings import ConfigurationError, Settings, exit_on_configuration_error


# The command groups of the tool's parts, imported only when one is run: ``lti-tool --help``
# and ``lti-tool export`` then import no database, web or LTI code.
def _platforms() -> click.Command:
    from .lti.cli import platforms

    return platforms


def _registrations() -> click.Command:
    from .lti.invitation_cli import registrations

    return registrations


def _keys() -> click.Command:
    from .lti.cli import keys

    return keys


def _lrs() -> click.Command:
    from .xapi.cli import lrs

    return lrs


def _export() -> click.Command:
    from scorm_export.cli import export

    return export


def _samenleer() -> click.Command:
    from .samenleer.cli import samenleer

    return samenleer


# name -> (its loader, its one-line help as ``--help`` lists it; tests/test_cli_startup.py
# checks it against the group's own).
LAZY_GROUPS: dict[str, tuple[Callable[[], click.Command], str]] = {
    "platforms": (_platforms, "Platform registrations (LMSs allowed to launch the tool)."),
    "registrations": (_registrations, "Registration links: an LMS registers itself only with one of these."),
    "keys": (_keys, "The tool's signing keys (published at /lti/jwks)."),
    "lrs": (_lrs, "Learning Record Store (xAPI) settings per organisation."),
    "export": (_export, "Export the course as SCORM packages or an IMS Common Cartridge."),
    "samenleer": (_samenleer, "Samenleer-gesprek: retention and purging of old tracks."),
}


class _Commands(click.Group):
    """Any command: a configuration problem is one readable line and exit status 2.

    The groups in ``LAZY_GROUPS`` are imported when they are run, not to list them.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigurationError as error:
            exit_on_configuration_error(error)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_GROUPS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_GROUPS:
            command = LAZY_GROUPS[cmd_name][0]()
            self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            limit = formatter.width - 6 - len(name)
            command = self.commands.get(name)
            if command is None:
                rows.append((name, click.Command(name, help=LAZY_GROUPS[name][1]).get_short_help_str(limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


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
    import signal

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


if __name__ == "__main__":
    main()
