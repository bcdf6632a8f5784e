"""An optional part of the package (Samenleer themes, intervisie methods) that a page needs.

Kept apart from the loader: it answers with a readable page (Flask), and the content model
stays free of Flask for the SCORM exporter.
"""

from __future__ import annotations

from typing import TypeVar

from ..errors import ProblemError
from .loader import ContentError

T = TypeVar("T")


def required_part(loaded: tuple[T | None, list], title: str, detail: str, check: str) -> T:
    """The part, ``ContentError`` when the package has it but it is broken, or a 404 page
    (``title``, ``detail``: marked with ``N_``) when the package has none."""
    part, problems = loaded
    if problems:
        raise ContentError(problems)
    if part is None:
        raise ProblemError(404, title, detail, check=check)
    return part
