"""Built SCORM packages, kept on disk: built once per content version and format, then served.

Building a package renders every page and zips the media (about a second of CPU for the
whole course), and the result is the same for everyone. So packages are files under
``<instance>/scorm-packages/``, named after a hash of everything that goes into them: the
content package's files, the exporter's own code and templates, the SCORM version and the
module. A change to the content gives a new name, so a new build; older builds of the same
package are removed. A lock file per name makes concurrent first requests, in this process
or in another server process, build once.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from lti_tool.content.model import Course

from .package import build_scorm, select_modules
from .versions import ScormVersion

log = logging.getLogger(__name__)

EXPORTER_ROOTS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "lti_tool")
EXPORTER_SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}


def _digest_files(digest: hashlib._Hash, root: Path, paths: Iterable[Path]) -> None:
    for path in sorted(paths):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())


@functools.cache
def exporter_fingerprint() -> str:
    """The code and templates that render a package: fixed while the process runs."""
    digest = hashlib.sha256()
    for root in EXPORTER_ROOTS:
        _digest_files(digest, root, (p for p in root.rglob("*") if p.suffix in EXPORTER_SUFFIXES))
    return digest.hexdigest()


def package_key(course: Course, version: ScormVersion, module_id: str | None) -> str:
    digest = hashlib.sha256(f"{exporter_fingerprint()}\0{version.value}\0{module_id}\0".encode())
    _digest_files(digest, course.root, course.root.rglob("*"))
    return digest.hexdigest()[:32]


class PackageCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.builds = 0  # packages this cache built (the rest were served from disk)
        self._count_lock = threading.Lock()

    def path_for(self, course: Course, version: ScormVersion, module_id: str | None) -> Path:
        """The package's file, built first when no server process has built it yet.

        Raises ``ExportError`` (from the build) when the package would be inconsistent.
        """
        select_modules(course, module_id)  # an unknown module is an ExportError, not a file name
        stem = f"{module_id or course.id}-scorm{version.value.replace('.', '')}"
        path = self.directory / f"{stem}-{package_key(course, version, module_id)}.zip"
        if path.exists():
            return path
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # threads and processes: one builds, the rest wait
            if not path.exists():
                self._build(path, stem, course, version, module_id)
        return path

    def _build(self, path: Path, stem: str, course: Course, version: ScormVersion,
               module_id: str | None) -> None:
        data = build_scorm(course, version, module_id)
        partial = path.with_suffix(f".part-{os.getpid()}-{threading.get_ident()}")
        partial.write_bytes(data)
        os.replace(partial, path)
        with self._count_lock:
            self.builds += 1
        log.info("scorm package built", extra={"package": path.name, "bytes": len(data)})
        for older in self.directory.glob(f"{stem}-*"):
            if older.stem != path.stem:  # earlier content versions: their zip and lock file
                older.unlink(missing_ok=True)
