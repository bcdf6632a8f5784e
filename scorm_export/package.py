"""A SCORM package (zip) of one module or the whole course: one SCO per module."""

from __future__ import annotations

import html
import re
from pathlib import Path

from lti_tool.blocks import KINDS, Registry
from lti_tool.blocks.render import TEMPLATE_DIR
from lti_tool.content.model import Course, Module

from .archive import zip_bytes
from .integrity import ExportError, check_references
from .manifest import Sco, build_manifest
from .page import page_name, render_sco_page
from .versions import ScormVersion
from .xmltree import serialise

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
BLOCKS_RUNTIME_DIR = RUNTIME_DIR / "blocks"
APP_CSS = TEMPLATE_DIR.parent / "static" / "css" / "app.css"
# The escape room's game (objects, panels, countdown): the same file as in the player.
ROOM_JS = TEMPLATE_DIR.parent / "static" / "learning" / "escape-room.js"
# The interactive blocks' behaviour, shared with the module player (one file, two pages).
BLOCK_WIDGETS = TEMPLATE_DIR.parent / "static" / "learning" / "block-widgets.js"
# The player's own drag-and-drop for sorting blocks (the runtime calls it after a render).
SORTING_DRAG = TEMPLATE_DIR.parent / "static" / "learning" / "sorting-drag.js"
MEDIA_REF = re.compile(r'(?:src|href|poster)="(media/[^"]+)"')


def blocks_runtime(kinds: Registry = KINDS, directory: Path = BLOCKS_RUNTIME_DIR) -> bytes:
    """Every block type's runtime file (``runtime/blocks/<type>.js``) in one script, in the
    registry's order (which is also the order of their fields in ``cmi.suspend_data``)."""
    parts = []
    for kind in kinds:
        path = directory / f"{kind.type}.js"
        if not path.is_file():
            raise ExportError(f"block type '{kind.type}' has no SCORM runtime file ({path.name})")
        parts.append(path.read_bytes())
    return b"\n".join(parts)


def runtime_assets() -> dict[str, bytes]:
    """The player's stylesheet, its block scripts and the SCORM runtime, under ``assets/``."""
    files = {"assets/app.css": APP_CSS.read_bytes(), "assets/sco-blocks.js": blocks_runtime(),
             "assets/escape-room.js": ROOM_JS.read_bytes(),
             "assets/block-widgets.js": BLOCK_WIDGETS.read_bytes(),
             "assets/sorting-drag.js": SORTING_DRAG.read_bytes()}
    for path in sorted(RUNTIME_DIR.iterdir()):
        if path.suffix in (".js", ".css"):
            files[f"assets/{path.name}"] = path.read_bytes()
    return files


def select_modules(course: Course, module_id: str | None) -> list[Module]:
    if module_id is None:
        return list(course.modules)
    module = course.module(module_id)
    if module is None:
        known = ", ".join(m.id for m in course.modules)
        raise ExportError(f"no module '{module_id}' in course '{course.id}' (modules: {known})")
    return [module]


def media_files(course: Course, page: str) -> dict[str, bytes]:
    """Every ``media/...`` file the rendered page links to, read from the package."""
    files = {}
    media_root = course.media_dir.resolve()
    for reference in sorted({html.unescape(m) for m in MEDIA_REF.findall(page)}):
        path = (course.root / reference).resolve()
        if media_root not in path.parents or not path.is_file():
            raise ExportError(f"page links to '{reference}', which is not a file in the package")
        files[reference] = path.read_bytes()
    return files


def build_scorm(course: Course, version: ScormVersion, module_id: str | None = None) -> bytes:
    """The zip's bytes; raises ``ExportError`` when the package would be inconsistent."""
    modules = select_modules(course, module_id)
    assets = runtime_assets()
    files: dict[str, bytes] = dict(assets)
    scos = []
    for module in modules:
        page = render_sco_page(course, module, version)
        media = media_files(course, page)
        files[page_name(module)] = page.encode("utf-8")
        files.update(media)
        scos.append(Sco(module=module, href=page_name(module), files=sorted(media)))
    title = modules[0].title if module_id else course.title
    identifier = f"MANIFEST-{course.id}-{module_id or 'course'}-scorm{version.value.replace('.', '')}"
    manifest = build_manifest(identifier, title, scos, sorted(assets), version)
    check_references(manifest, files)
    files["imsmanifest.xml"] = serialise(manifest)
    return zip_bytes(files)
