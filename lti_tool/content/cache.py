"""One cache for what the tool builds from a content package, with one reload rule.

The course, its zelfscan frameworks and its Samenleer themes are each built from files in
the package folder. They share one entry per folder: the folder is looked at (names, sizes
and modification times of its YAML and text files) at most once every ``CHECK_INTERVAL``
seconds, not on every request; when anything changed, every value built from it is built
again on its next use. A build that raises (a broken package) is not kept, so the next
request tries again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from .loader import load_package
from .model import Course

if TYPE_CHECKING:
    from ..settings import Settings

COURSE_FOLDER = "werkbegeleiding"
CHECK_INTERVAL = 2.0
WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".md", ".txt"})

T = TypeVar("T")
Signature = tuple[tuple[str, int, int], ...]


@dataclass
class _Entry:
    signature: Signature
    checked_at: float
    values: dict[str, object] = field(default_factory=dict)


# Reentrant: a build may ask the cache for another value of the same package.
_lock = threading.RLock()
_entries: dict[Path, _Entry] = {}
_roots: dict[Path, tuple[Path, float]] = {}  # a folder as given: (resolved, when)


def _signature(root: Path) -> Signature:
    """Names, sizes and modification times of the package's YAML and text files."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in WATCHED_SUFFIXES and path.is_file():
            stat = path.stat()
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


def _current_entry(root: Path) -> _Entry:
    """The folder's entry, looked at again if the last look is ``CHECK_INTERVAL`` old."""
    now = time.monotonic()
    entry = _entries.get(root)
    if entry is not None and now - entry.checked_at < CHECK_INTERVAL:
        return entry
    signature = _signature(root)
    with _lock:
        entry = _entries.get(root)
        if entry is None or entry.signature != signature:
            entry = _entries[root] = _Entry(signature, now)
        entry.checked_at = now
        return entry


def _resolved(root: Path) -> Path:
    """``root.resolve()``, looked up again at most every ``CHECK_INTERVAL`` seconds (a symlink
    swapped to a new release is followed then): resolving walks the path in system calls,
    which cost more than the rest of a cache hit, several times per page (issue 16)."""
    now = time.monotonic()
    found = _roots.get(root)
    if found is not None and now - found[1] < CHECK_INTERVAL:
        return found[0]
    resolved = root.resolve()
    _roots[root] = (resolved, now)
    return resolved


def cached(root: Path, name: str, build: Callable[[Path], T]) -> T:
    """``build(root)``, kept under ``name`` until a file in the package folder ``root`` changes."""
    root = _resolved(root)
    entry = _current_entry(root)
    if name in entry.values:
        return cast(T, entry.values[name])
    with _lock:
        if name not in entry.values:
            entry.values[name] = build(root)
        return cast(T, entry.values[name])


@lru_cache(maxsize=16)
def _package_path(content_dir: Path | str) -> Path:
    return Path(content_dir) / COURSE_FOLDER


def package_path(settings: Settings) -> Path:
    return _package_path(settings.content_dir)


def get_course(settings: Settings) -> Course:
    """The course under ``settings.content_dir / "werkbegeleiding"`` (raises ``ContentError``)."""
    return cached(package_path(settings), "course", load_package)


def clear_cache() -> None:
    """Forget every package: the next use of each loads it from its files."""
    with _lock:
        _entries.clear()
        _roots.clear()
