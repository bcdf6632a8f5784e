"""The Samenleer themes of the app's course package, reloaded when their files change."""

from __future__ import annotations

import threading
from pathlib import Path

from ..content.cache import package_path
from ..content.loader import ContentError
from ..content.samenleer_check import load_samenleer
from ..content.samenleer_model import SamenleerThemes
from ..errors import ProblemError
from ..i18n import DEFAULT_LOCALE
from ..marker import N_

_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, SamenleerThemes]] = {}


def _signature(root: Path) -> tuple:
    paths = [root / "course.yaml", *sorted((root / "samenleer").glob("*.y*ml"))]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())


def get_themes(settings) -> SamenleerThemes:
    """The themes, or a readable 404 when the package has none (and ``ContentError`` if broken)."""
    root = package_path(settings).resolve()
    signature = _signature(root)
    with _lock:
        cached = _cache.get(root)
        if cached and cached[0] == signature:
            return cached[1]
        themes, problems = load_samenleer(root)
        if problems:
            raise ContentError(problems)
        if themes is None:
            raise ProblemError(404, N_("Samenleer is niet ingesteld"),
                               N_("Deze cursus heeft geen Samenleer-thema's."), check="samenleer_themes")
        _cache[root] = (signature, themes)
        return themes



def content_language(settings) -> str:
    """The language the Samenleer questions are written in: the invitation's language."""
    try:
        return get_themes(settings).language
    except ProblemError:  # no themes at all: the pages say so themselves
        return DEFAULT_LOCALE
