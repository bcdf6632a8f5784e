"""The Samenleer themes of the app's course package, reloaded when their files change."""

from __future__ import annotations

from pathlib import Path

from ..content.cache import cached, package_path
from ..content.required_part import required_part
from ..content.samenleer_check import load_samenleer
from ..content.samenleer_model import SamenleerThemes
from ..errors import ProblemError
from ..i18n import DEFAULT_LOCALE
from ..marker import N_
from ..settings import Settings


def _load_themes(root: Path) -> SamenleerThemes:
    return required_part(load_samenleer(root), N_("Samenleer is niet ingesteld"),
                         N_("Deze cursus heeft geen Samenleer-thema's."), "samenleer_themes")


def get_themes(settings: Settings) -> SamenleerThemes:
    """The themes, or a readable 404 when the package has none (and ``ContentError`` if broken).

    Kept in the package's one cache: reloaded when the package's files change.
    """
    return cached(package_path(settings), "samenleer_themes", _load_themes)


def content_language(settings: Settings) -> str:
    """The language the Samenleer questions are written in: the invitation's language."""
    try:
        return get_themes(settings).language
    except ProblemError:  # no themes at all: the pages say so themselves
        return DEFAULT_LOCALE
