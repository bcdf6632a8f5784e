"""The styles a page needs for its first paint travel inside the page.

On a slow phone link a stylesheet in ``<head>`` costs a whole extra round trip before
anything shows (issue 15; ``benchmarks/first_render.py``). So the rules the first screen
needs (layout, header, type, buttons, the block frame: the regions of ``static/css/app.css``
between ``/* @critical */`` and ``/* @end-critical */``; a region named ``/* @critical
sorting */`` only in pages that set ``page_css`` to that name, as ``learning/block.html``
does with its block type, the zelfscan and intervisie layouts with their feature's name and
Samenleer's pages with their kind, ``samenleer_code`` for the guest's code page; a region
may carry several names) go into a ``<style>`` element in the page, and the whole
``app.css`` loads at the end of ``<body>``, where it blocks nothing.
``app.css`` stays the one source: the SCORM export ships it whole, and the rules it repeats
from the inline part are the same rules, so nothing moves when it arrives.

The Content-Security-Policy allows no inline style in general, only these exact texts: their
sha256 hashes (:mod:`lti_tool.security_headers`). The critical text and its hash are made
once at start-up; the organisation's colours are a second, tiny ``<style>`` whose hash is
kept per colour pair. The colours are checked as ``#rrggbb`` (:func:`branding.brand_for`),
so nothing else can reach the page's CSS.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask import Flask
from markupsafe import Markup

from .security_headers import allow_inline_style, style_source

APP_CSS = Path(__file__).parent / "static" / "css" / "app.css"
REGION = re.compile(r"/\* @critical((?: [a-z_]+)*) \*/(.*?)/\* @end-critical \*/", re.DOTALL)
# A quoted string (left exactly as written) or a comment (dropped).
STRING_OR_COMMENT = re.compile(r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|/\*.*?\*/""", re.DOTALL)
SPACE = re.compile(r"\s+")
AROUND = re.compile(r" ?([{};,>]) ?")
AFTER = re.compile(r": ")  # "color: red" -> "color:red"; a space *before* ":" stays (a :hover)


def minify(css: str) -> str:
    """Comments and layout whitespace out; strings and the rules themselves untouched."""
    parts: list[str] = []
    position = 0
    for match in STRING_OR_COMMENT.finditer(css):
        parts.append(_squeeze(css[position:match.start()]))
        if not match.group().startswith("/*"):
            parts.append(match.group())
        position = match.end()
    parts.append(_squeeze(css[position:]))
    return "".join(parts).strip()


def _squeeze(css: str) -> str:
    return AFTER.sub(":", AROUND.sub(r"\1", SPACE.sub(" ", css))).replace(";}", "}")


def critical_parts(source: str) -> dict[str, str]:
    """The marked regions of ``source`` by name (``""``: the ones for every page), each
    name's regions in order, minified."""
    found: dict[str, list[str]] = {}
    for names, css in REGION.findall(source):
        for name in names.split() or [""]:
            found.setdefault(name, []).append(css)
    if "" not in found:
        raise ValueError("app.css has no /* @critical */ ... /* @end-critical */ region")
    parts = {name: minify("\n".join(regions)) for name, regions in found.items()}
    for css in parts.values():
        if "</" in css:
            raise ValueError("critical CSS must not contain '</' (it would end the <style> element)")
    return parts


@lru_cache(maxsize=256)
def brand_css(primary: str, accent: str) -> str:
    """The organisation's colours. ``html:root`` outranks the defaults' ``:root`` in
    ``app.css``, which arrives later in the page."""
    return f"html:root{{--brand-primary:{primary};--brand-accent:{accent}}}"


def install_page_style(app: Flask) -> None:
    parts = critical_parts(APP_CSS.read_text(encoding="utf-8"))
    # One <style> per page: the common rules, plus the named part the page asks for. Every
    # text and its hash is made here, once.
    styles: dict[str, tuple[Markup, str]] = {}
    for name, css in parts.items():
        text = parts[""] + css if name else css
        styles[name] = (Markup(f"<style>{text}</style>"), style_source(text))  # noqa: S704 - our file

    def page_style(brand=None, part: str | None = None) -> Markup:
        """The ``<style>`` elements for ``<head>``: the critical rules (with ``part``'s, when
        app.css has such a part), then the brand's colours when they are not the defaults
        (which the critical rules hold already)."""
        from .branding import DEFAULT_BRAND, HEX_COLOUR

        element, source = styles.get(part or "", styles[""])
        allow_inline_style(source)
        html = element
        if (brand is not None and HEX_COLOUR.match(brand.primary_color)
                and HEX_COLOUR.match(brand.accent_color)
                and (brand.primary_color, brand.accent_color) != (
                    DEFAULT_BRAND.primary_color, DEFAULT_BRAND.accent_color)):
            colours = brand_css(brand.primary_color, brand.accent_color)
            allow_inline_style(style_source(colours))
            html += Markup(f"<style>{colours}</style>")  # noqa: S704 - #rrggbb only
        return html

    app.jinja_env.globals["page_style"] = page_style
