"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Course text is trusted-ish, but everything still goes through the sanitiser, and
raw HTML in Markdown is not rendered at all. Learner text never comes here: the
templates escape it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table")


def _shift_headings(tokens) -> None:
    # The page owns h1; a heading inside a block starts at h3 (the block title is h2).
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 6)
            token.tag = f"h{level}"


# Course text is the same on every request until the package changes, and its HTML does not
# depend on the request except for the links to ``media/...``: the parsed, rendered and
# sanitised HTML is kept per text (an LRU, safe across threads; a changed package brings new
# texts), with a marker where each media link goes, filled in on every call (issue 16).
_MEDIA_MARK = f"media-{secrets.token_hex(8)}-"
_CACHE_SIZE = 4096


def _attribute_value(value: str) -> str:
    """``value`` escaped as the sanitiser writes an attribute value."""
    return value.replace("&", "&amp;").replace("\u00a0", "&nbsp;").replace('"', "&quot;")


@lru_cache(maxsize=_CACHE_SIZE)
def _rendered(text: str) -> tuple[Markup, tuple[str, ...]]:
    """The sanitised HTML of ``text``, with ``_MEDIA_MARK<n>.`` for the n-th media path."""
    parser = _parser()
    tokens = parser.parse(text)
    _shift_headings(tokens)
    html = parser.renderer.render(tokens, parser.options, {})
    paths: list[str] = []

    def _attribute(tag: str, attr: str, value: str) -> str | None:
        if attr in ("src", "href") and value.startswith("media/"):
            paths.append(value)
            return f"{_MEDIA_MARK}{len(paths) - 1}."
        return value

    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        attribute_filter=_attribute, url_schemes={"http", "https", "mailto"})
    return Markup(cleaned), tuple(paths)  # noqa: S704 - sanitised by nh3 just above


def render_markdown(text: str | None, media_url: Callable[[str], str] | None = None) -> Markup:
    """Render Markdown as sanitised HTML; relative ``media/...`` sources go through ``media_url``."""
    if not text:
        return Markup("")
    html, paths = _rendered(text)
    if not paths:
        return html
    out = str(html)
    for n, path in enumerate(paths):
        url = media_url(path[len("media/"):]) if media_url else path
        out = out.replace(f"{_MEDIA_MARK}{n}.", _attribute_value(url), 1)
    return Markup(out)  # noqa: S704 - sanitised HTML with our own escaped media links


def images(text: str) -> Iterator[tuple[int, str, str]]:
    """Every image in ``text`` as (0-based line within the text, src, alt)."""
    for token in _parser().parse(text or ""):
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        for child in token.children:
            if child.type == "image":
                yield line, str(child.attrs.get("src", "")), child.content.strip()


@lru_cache(maxsize=_CACHE_SIZE)
def _rendered_inline(text: str) -> Markup:
    html = _parser().renderInline(" ".join(text.split()))
    cleaned = nh3.clean(html, tags={"strong", "em", "code", "a"}, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto"})
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above


def render_inline_markdown(text: str | None) -> Markup:
    """One line of Markdown (emphasis, code, links) without paragraphs, e.g. for a legend."""
    if not text:
        return Markup("")
    return _rendered_inline(text)
