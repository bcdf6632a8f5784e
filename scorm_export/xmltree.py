"""A small XML builder: prefixed names are written as they are, so no global namespace map.

``xml.etree`` escapes text and attribute values; declaring ``xmlns:*`` as attributes
keeps each document's prefixes its own (SCORM 1.2 and 2004 both say ``adlcp`` for
different namespaces).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring


def element(parent: Element | None, tag: str, text: str | None = None, **attributes: str) -> Element:
    """``attributes`` use ``__`` for ``:`` (``adlcp__scormType`` -> ``adlcp:scormType``)."""
    attrs = {name.replace("__", ":"): value for name, value in attributes.items()}
    node = Element(tag, attrs) if parent is None else SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def serialise(root: Element) -> bytes:
    indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode()


def local_name(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]
