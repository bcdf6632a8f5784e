"""One function renders any block: ``render_block(block, state, urls)``.

Each block type has its own template ``lti_tool/templates/blocks/<type>.html``. The
templates only use what is passed in (the block, its state, a ``urls`` object and
the ``md`` Markdown filter) and ``_()``, so a SCORM exporter without a Flask launch
can render them with ``standalone_environment()`` and its own ``urls``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import jinja2
from markupsafe import Markup, escape

from ..content.markdown import render_inline_markdown, render_markdown
from ..content.model import AnyBlock
from ..numbers import format_number
from .kind import BlockState

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


class BlockUrls(Protocol):
    """Builds the links and form fields a block template needs."""

    def action(self, name: str) -> str:
        """Where a block's form posts to (``answer``, ``done`` or ``onward``: go on)."""

    def retry(self) -> str:
        """The link that shows an answered quiz as an empty form again."""

    def media(self, path: str) -> str:
        """The URL of ``media/<path>`` in the package."""

    def hidden_fields(self) -> Markup:
        """Hidden inputs every form of the block must carry."""


class StaticUrls:
    """``BlockUrls`` with fixed targets, for exports and tests."""

    def __init__(self, base: str = "", media_base: str = "media/", hidden: dict | None = None):
        self.base = base.rstrip("/")
        self.media_base = media_base
        self.hidden = hidden or {}

    def action(self, name: str) -> str:
        return f"{self.base}/{name}"

    def retry(self) -> str:
        return f"{self.base}?retry=1"

    def media(self, path: str) -> str:
        return self.media_base + path

    def hidden_fields(self) -> Markup:
        return Markup("").join(
            Markup('<input type="hidden" name="{}" value="{}">').format(k, v)
            for k, v in self.hidden.items())


def standalone_environment() -> jinja2.Environment:
    """A Jinja environment for the block templates outside Flask (untranslated Dutch)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                             autoescape=jinja2.select_autoescape(["html"]),
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def render_block(block: AnyBlock, state: BlockState, urls: BlockUrls,
                 env: jinja2.Environment | None = None, content_lang: str | None = None) -> Markup:
    """``content_lang``: the course's language when it differs from the page's (WCAG 3.1.2);
    ``ui_lang`` in the template: the page's language, for texts given in Dutch and English."""
    num: Callable[[float | int | None], str] = format_number
    ui_lang = "nl"  # the standalone environment is untranslated Dutch
    if env is None:
        from flask import current_app

        from ..i18n import decimal_mark, page_language

        env = current_app.jinja_env
        mark = decimal_mark()
        ui_lang = page_language()

        def num(value: float | int | None) -> str:
            return format_number(value, mark)
    template = env.get_template(f"blocks/{block.type}.html")

    def md(text: str | None) -> Markup:
        return render_markdown(text, urls.media)

    def media(path: str) -> str:
        return urls.media(path.removeprefix("media/"))

    html = template.render(block=block, state=state, urls=urls, md=md,
                           md_inline=render_inline_markdown, media=media, num=num,
                           escape=escape, content_lang=content_lang, ui_lang=ui_lang)
    return Markup(html)  # noqa: S704 - an autoescaped template's output
