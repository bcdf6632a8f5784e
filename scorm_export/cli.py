"""``lti-tool export scorm|cartridge``: packages from a content package folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lti_tool.content.loader import ContentError, load_package

from .integrity import ExportError
from .versions import ScormVersion


@click.group()
def export() -> None:
    """Export the course as SCORM packages or an IMS Common Cartridge."""


def _write(data: bytes, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes)")


@export.command("scorm")
@click.option("--version", "version", type=click.Choice([v.value for v in ScormVersion]), required=True,
              help="SCORM 1.2 or SCORM 2004 4th Edition.")
@click.option("--module", "module_id", default=None, help="One module's id (default: the whole course).")
@click.argument("package", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_scorm(version: str, module_id: str | None, package: Path, output: Path) -> None:
    """A SCORM zip: one SCO per module."""
    from .package import build_scorm  # each command imports only its own exporter

    try:
        data = build_scorm(load_package(package), ScormVersion(version), module_id)
    except (ContentError, ExportError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    _write(data, output)


@export.command("cartridge")
@click.argument("package", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--tool-url", required=True, help="The tool's public base URL, e.g. https://tool.example.nl")
def export_cartridge(package: Path, output: Path, tool_url: str) -> None:
    """An IMS Common Cartridge 1.3 with one LTI link per module."""
    from .cartridge import build_cartridge

    try:
        data = build_cartridge(load_package(package), tool_url)
    except (ContentError, ExportError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    _write(data, output)
