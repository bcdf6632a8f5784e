"""xAPI for the zelfscan: one ``answered`` per rated item and one ``completed`` per scan.

Built on the xapi package's public pieces (``statements.statement``, ``emit_statement``,
the origin), queued in the caller's transaction and only when the organisation has an
enabled LRS. Items are reported when the scan is finished, not on every click, so the
LRS sees the answers the learner settled on. The area means ride along on the
``completed`` statement as a result extension (area id -> mean on the 1-5 scale).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..content.zelfscan_model import Framework
from ..launch_context import Launch
from ..models import OutboxMessage
from ..models.zelfscan import ZelfscanScan
from ..xapi import emit_built
from ..xapi import vocabulary as v
from ..xapi.origin import Origin
from ..xapi.statements import activity, statement
from .scoring import AreaScore, overall, scaled
from .store import UNKNOWN

ZELFSCAN_SEGMENT = "_zelfscan"  # cannot clash with a module slug
EXT_AREA_SCORES = "zelfscan-area-scores"


def _activity(origin: Origin, framework: Framework, *item: str, title: str | None = None,
              kind: str = v.ActivityType.ASSESSMENT, **definition: object) -> dict:
    iri = v.activity_iri(origin.base_url, origin.course.id, ZELFSCAN_SEGMENT, framework.id, *item)
    return activity(iri, kind, title, **definition)


def build_statements(origin: Origin, framework: Framework, scan: ZelfscanScan,
                     scores: Sequence[AreaScore]) -> list[dict]:
    scan_activity = _activity(origin, framework, title=framework.title)
    built = []
    values = scan.answer_values
    scale = [{"id": str(p.value), "description": {v.LANGUAGE: p.label}} for p in framework.scale]
    scale.append({"id": UNKNOWN, "description": {v.LANGUAGE: framework.unknown_label}})
    for area in framework.areas:
        for item in area.statements:
            if item.id not in values:
                continue  # skipped: nothing was answered
            value = values[item.id]
            result: dict = {"response": UNKNOWN if value is None else str(value)}
            if value is not None:
                result["score"] = {"raw": value, "min": 1, "max": 5, "scaled": scaled(float(value))}
            activity = _activity(origin, framework, area.id, item.id, title=item.text,
                                 kind=v.ActivityType.QUESTION, interactionType="likert", scale=scale)
            built.append(statement(origin, v.ANSWERED, activity, result=result,
                                   parents=[scan_activity]))
    area_means = {s.area_id: s.mean for s in scores}
    result = {"completion": True,
              "extensions": {v.extension_iri(origin.base_url, EXT_AREA_SCORES): area_means}}
    mean = scaled(overall(scores))
    if mean is not None:
        result["score"] = {"scaled": mean}
    built.append(statement(origin, v.COMPLETED, scan_activity, result=result))
    return built


def scan_completed(session: Session, launch: Launch, framework: Framework, scan: ZelfscanScan,
                   scores: Sequence[AreaScore]) -> list[OutboxMessage]:
    """Queue the scan's statements; ``[]`` when the organisation has no enabled LRS."""
    return emit_built(session, launch,
                      lambda origin: build_statements(origin, framework, scan, scores))
