"""The app's course, loaded once per process and reloaded when its files change.

Looking for changes walks the package folder, so it happens at most once every
``CHECK_INTERVAL`` seconds, not on every request.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from .loader import load_package
from .model import Course

COURSE_FOLDER = "werkbegeleiding"
_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, Course]] = {}
_checked_at: dict[Path, float] = {}
CHECK_INTERVAL = 2.0


def _signature(root: Path) -> tuple:
    """Names, sizes and modification times of the package's YAML and text files."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in {".yaml", ".yml", ".md", ".txt"} and path.is_file():
            stat = path.stat()
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


def package_path(settings) -> Path:
    return Path(settings.content_dir) / COURSE_FOLDER


def get_course(settings) -> Course:
    """The course under ``settings.content_dir / "werkbegeleiding"`` (raises ``ContentError``)."""
    root = package_path(settings).resolve()
    cached = _cache.get(root)
    now = time.monotonic()
    if cached and now - _checked_at.get(root, 0.0) < CHECK_INTERVAL:
        return cached[1]
    signature = _signature(root)
    _checked_at[root] = now
    if cached and cached[0] == signature:
        return cached[1]
    with _lock:
        cached = _cache.get(root)
        if cached and cached[0] == signature:
            return cached[1]
        course = load_package(root)
        _cache[root] = (signature, course)
        return course


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _checked_at.clear()
