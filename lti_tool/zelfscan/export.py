"""CSV export of the group profile: aggregates only, never a person, never below five.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe; the csv module does the quoting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .group import GroupProfile

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("onderdeel_id", "onderdeel", "aantal_met_score", "gemiddelde", "spreiding_sd",
          "laagste", "hoogste")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows(group: GroupProfile, framework_title: str) -> Iterable[tuple[object, ...]]:
    yield ("zelfscan", framework_title)
    yield ("deelnemers_met_scan", group.scanned)
    yield ("deelnemers_met_herhaalde_scan", group.rescanned)
    yield ()
    yield HEADER
    for area in group.areas:
        if not group.visible or area.mean is None:
            yield (area.area_id, area.title, "", "", "", "", "")
        else:
            yield (area.area_id, area.title, area.count, area.mean, area.spread, area.low, area.high)


def group_csv(group: GroupProfile, framework_title: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows(group, framework_title):
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
