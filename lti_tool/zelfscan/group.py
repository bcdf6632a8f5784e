"""The group profile for trainers: averages and spread per area, never below five people.

Only finished scans of learners in the launch's organisation and course context count,
and only each learner's latest one. With fewer than ``MIN_GROUP`` learners, nothing per
area is shown; an area that fewer than ``MIN_GROUP`` learners scored (the rest said
"weet ik niet" or skipped) stays empty too, so no one can be singled out.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.zelfscan_model import Framework
from ..launch_context import Launch
from ..models import Learner
from ..models.zelfscan import COMPLETED, ZelfscanConsent, ZelfscanScan

MIN_GROUP = 5


@dataclass(frozen=True)
class AreaStat:
    area_id: str
    title: str
    count: int
    mean: float | None = None
    spread: float | None = None  # population standard deviation
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class GroupProfile:
    scanned: int
    rescanned: int
    areas: list[AreaStat]

    @property
    def visible(self) -> bool:
        return self.scanned >= MIN_GROUP


def profile(framework: Framework, latest: Sequence[Mapping[str, float | None]], rescanned: int
            ) -> GroupProfile:
    """Pure: one dict of area means per learner (their latest scan) in, the profile out."""
    areas = []
    for area in framework.areas:
        values = [value for scores in latest if (value := scores.get(area.id)) is not None]
        if len(latest) < MIN_GROUP or len(values) < MIN_GROUP:
            areas.append(AreaStat(area.id, area.title, len(values)))
            continue
        areas.append(AreaStat(area.id, area.title, len(values), round(statistics.fmean(values), 2),
                              round(statistics.pstdev(values), 2), min(values), max(values)))
    return GroupProfile(len(latest), rescanned, areas)


def _group_scans(session: Session, launch: Launch, framework_id: str) -> list[ZelfscanScan]:
    if launch.context_id is None:
        return []
    return list(session.scalars(
        select(ZelfscanScan).join(Learner, Learner.id == ZelfscanScan.learner_id).where(
            ZelfscanScan.organisation_id == launch.organisation_id,
            Learner.organisation_id == launch.organisation_id,
            ZelfscanScan.context_id == launch.context_id,
            ZelfscanScan.framework_id == framework_id,
            ZelfscanScan.status == COMPLETED,
            ZelfscanScan.by_staff.is_(False),
        ).order_by(ZelfscanScan.learner_id, ZelfscanScan.id)))


def load_profile(session: Session, launch: Launch, framework: Framework) -> GroupProfile:
    per_learner: dict[int, list[ZelfscanScan]] = {}
    for scan in _group_scans(session, launch, framework.id):
        per_learner.setdefault(scan.learner_id, []).append(scan)
    latest = [scans[-1].area_scores or {} for scans in per_learner.values()]
    rescanned = sum(1 for scans in per_learner.values() if len(scans) > 1)
    return profile(framework, latest, rescanned)


def sharing_learners(session: Session, launch: Launch, framework_id: str) -> list[Learner]:
    """Learners of this organisation and context who chose to share, and have a finished scan."""
    if launch.context_id is None:
        return []
    finished = select(ZelfscanScan.learner_id).where(
        ZelfscanScan.context_id == launch.context_id, ZelfscanScan.framework_id == framework_id,
        ZelfscanScan.organisation_id == launch.organisation_id, ZelfscanScan.status == COMPLETED)
    return list(session.scalars(
        select(Learner).join(ZelfscanConsent, ZelfscanConsent.learner_id == Learner.id).where(
            ZelfscanConsent.context_id == launch.context_id,
            ZelfscanConsent.framework_id == framework_id,
            ZelfscanConsent.shared.is_(True),
            Learner.organisation_id == launch.organisation_id,
            Learner.id.in_(finished),
        ).order_by(Learner.name, Learner.id)))


def shared_scans(session: Session, launch: Launch, framework_id: str, learner_id: int
                 ) -> list[ZelfscanScan]:
    """A sharing learner's finished scans (oldest first), or ``[]`` without their consent."""
    if not any(learner.id == learner_id for learner in sharing_learners(session, launch, framework_id)):
        return []
    return [s for s in _group_scans(session, launch, framework_id) if s.learner_id == learner_id]
