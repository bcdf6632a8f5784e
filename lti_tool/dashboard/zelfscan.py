"""Who in the course did a zelfscan and when: participation only, never an answer or score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..launch_context import Launch
from ..models import Learner, as_utc
from ..models.zelfscan import COMPLETED, ZelfscanScan


@dataclass(frozen=True)
class ScanTaken:
    count: int
    last: datetime


def participation(session: Session, launch: Launch) -> dict[tuple[str, str], ScanTaken]:
    """Per (platform user id, framework id): finished scans of this course, and the latest.

    One grouped query for the whole course; scans made as staff (a preview) do not count,
    as in the group profile (:mod:`lti_tool.zelfscan.group`).
    """
    if launch.context_id is None:
        return {}
    rows = session.execute(
        select(Learner.sub, ZelfscanScan.framework_id, func.count(ZelfscanScan.id),
               func.max(ZelfscanScan.completed_at))
        .join(Learner, Learner.id == ZelfscanScan.learner_id)
        .where(ZelfscanScan.organisation_id == launch.organisation_id,
               Learner.organisation_id == launch.organisation_id,
               ZelfscanScan.context_id == launch.context_id,
               ZelfscanScan.status == COMPLETED,
               ZelfscanScan.by_staff.is_(False))
        .group_by(Learner.sub, ZelfscanScan.framework_id))
    return {(sub, framework_id): ScanTaken(count, as_utc(last))
            for sub, framework_id, count, last in rows if last is not None}
