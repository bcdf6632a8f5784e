"""The trainer overview as a CSV that a spreadsheet opens in the page's language.

Dutch Excel splits columns on ``;`` and reads ``2,5`` as a number; English settings
use ``,`` and ``2.5``. Both files start with a UTF-8 byte order mark, without which
Excel reads "Eén" as "EÃ©n". Cells a spreadsheet would run as a formula (starting with
= + - @, a tab or a carriage return) get a leading apostrophe; the csv module quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from ..content.model import Course
from ..content.zelfscan_model import Framework
from ..learning.progress import COMPLETED
from ..models import ModuleProgress
from ..numbers import format_number
from .roster import Roster
from .zelfscan import ScanTaken

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvStyle:
    delimiter: str
    decimal_mark: str


DUTCH = CsvStyle(delimiter=";", decimal_mark=",")
ENGLISH = CsvStyle(delimiter=",", decimal_mark=".")


def style_for(language: str) -> CsvStyle:
    return ENGLISH if language == "en" else DUTCH


def safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def status_text(progress: ModuleProgress | None) -> str:
    """A module's state for one learner, in the page's language."""
    if progress is None:
        return _("niet begonnen")
    return _("afgerond") if progress.status == COMPLETED else _("bezig")


def _header(course: Course, frameworks: Iterable[Framework]) -> list[str]:
    cells = [_("Naam"), _("Gebruikers-id"), _("Modules afgerond")]
    for module in course.modules:
        cells += [_("%(module)s – status", module=module.title),
                  _("%(module)s – score", module=module.title)]
    for framework in frameworks:
        cells += [_("%(zelfscan)s – keren gedaan", zelfscan=framework.title),
                  _("%(zelfscan)s – laatst gedaan", zelfscan=framework.title)]
    return cells


def progress_csv(course: Course, roster: Roster, frameworks: Iterable[Framework],
                 taken: Mapping[tuple[str, str], ScanTaken], style: CsvStyle) -> str:
    """One row per learner: status and score per module, how often and when the zelfscan was done."""
    frameworks = list(frameworks)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in _header(course, frameworks)])
    for row in roster.rows:
        cells = [row.name or "", row.user_id, str(row.done())]
        for module in course.modules:
            progress = row.progress.get(module.id)
            score = progress.score_given if progress is not None else None
            cells += [status_text(progress), format_number(score, style.decimal_mark)]
        for framework in frameworks:
            scans = taken.get((row.user_id, framework.id))
            cells += [str(scans.count), scans.last.date().isoformat()] if scans else ["0", ""]
        writer.writerow([safe_cell(cell) for cell in cells])
    return BOM + buffer.getvalue()
