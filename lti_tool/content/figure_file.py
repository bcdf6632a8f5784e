"""A figure's image file: its size in pixels, and whether an SVG is safe to show.

Learners' browsers render the SVGs of a package, and the tool serves them from its own
origin, so an SVG may hold only drawing: no script, no ``foreignObject``, no event
handler (``on...``), no reference outside the file (``href``/``xlink:href`` and
``url(...)`` may only point into the file with ``#id``), no ``<style>`` (the tool's
Content-Security-Policy allows no inline styles; presentation attributes do the job).
The check parses the XML with the standard library's parser; DTDs and entities are
refused, so no entity expansion happens.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from xml.etree import ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_SUFFIXES = (".svg", ".png")
# Elements that run code, embed other documents or animate attributes (which could set an
# href after the check): never in a package's SVG.
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video",
                      "style", "animate", "set", "animatemotion", "animatetransform", "handler",
                      "listener"}
URL_REF = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


def _local(name: str) -> str:
    """``{namespace}tag`` -> ``tag`` (lowercase)."""
    return name.rsplit("}", 1)[-1].lower()


def svg_problems(data: bytes) -> list[str]:
    """What makes this SVG unsafe or unreadable; an empty list means it may be shown."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return ["SVG must not contain a DOCTYPE or entities"]
    if b"<?xml-stylesheet" in data.lower():  # a processing instruction the parser skips
        return ["SVG must not refer to a stylesheet (<?xml-stylesheet?>)"]
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - no DTD/entities (refused above)
    except ElementTree.ParseError as exc:
        return [f"SVG is not well-formed XML: {exc}"]
    if root.tag != f"{{{SVG_NS}}}svg":
        return ["not an SVG file: the root must be <svg> in the SVG namespace"]
    problems: list[str] = []
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"SVG must not contain <{tag}>")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                problems.append(f"SVG must not contain event handlers ({attribute} on <{tag}>)")
            elif attribute == "href" and not value.strip().startswith("#"):
                problems.append(f"SVG must not refer to anything outside the file "
                                f"(<{tag} href=\"{value[:60]}\">)")
            elif attribute == "style":
                problems.append(f"SVG must not use style attributes (on <{tag}>): use "
                                f"presentation attributes such as fill and stroke")
            for target in URL_REF.findall(value):
                if not target.startswith("#"):
                    problems.append(f"SVG must not refer to anything outside the file "
                                    f"(url({target[:60]}))")
    return list(dict.fromkeys(problems))


def _svg_size(data: bytes) -> tuple[int, int] | None:
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - only after svg_problems passed
    except ElementTree.ParseError:
        return None
    width, height = (LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height in CSS pixels of an SVG (``width``/``height`` or ``viewBox``) or PNG."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    size = _svg_size(data) if path.suffix.lower() == ".svg" else _png_size(data)
    return size if size and size[0] > 0 and size[1] > 0 else None


def image_problems(path: Path) -> list[str]:
    """Why the image at ``path`` cannot be a figure: unsafe SVG, unknown size."""
    if path.suffix.lower() == ".svg":
        problems = svg_problems(path.read_bytes())
        if problems:
            return problems
    if image_size(path) is None:
        return [f"cannot read the size of {path.name}: an SVG needs width and height or a "
                f"viewBox, a PNG a valid header"]
    return []
