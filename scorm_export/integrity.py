"""Before a zip is written: every reference in its manifest must resolve."""

from __future__ import annotations

from collections.abc import Collection
from xml.etree.ElementTree import Element

from .xmltree import local_name


class ExportError(Exception):
    """The export cannot produce a valid package; the message says why."""


def check_references(manifest: Element, files: Collection[str]) -> None:
    """Raise ``ExportError`` naming every ``identifierref`` without a resource and every
    ``file href`` that is not in ``files``."""
    resources = {node.get("identifier") for node in manifest.iter() if local_name(node.tag) == "resource"}
    problems = []
    for node in manifest.iter():
        name = local_name(node.tag)
        ref = node.get("identifierref")
        if name in ("item", "dependency") and ref is not None and ref not in resources:
            problems.append(f"{name} '{node.get('identifier') or ref}' refers to missing resource '{ref}'")
        if name == "file" and node.get("href") not in files:
            problems.append(f"file '{node.get('href')}' is listed in the manifest but not in the package")
    if problems:
        raise ExportError("The manifest does not match the package:\n- " + "\n- ".join(problems))
