"""Old tracks go: each organisation keeps tracks for a number of months after their last
activity (``DEFAULT_MONTHS`` unless it set its own), then ``purge`` deletes them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation, utcnow
from ..models.samenleer import SamenleerRetention, SamenleerTrack
from ..ratelimit import purge_expired

DEFAULT_MONTHS = 24
MONTHS_MIN, MONTHS_MAX = 1, 120


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_months(session: Session, organisation_id: int) -> int:
    row = session.get(SamenleerRetention, organisation_id)
    return row.months if row else DEFAULT_MONTHS


def set_retention(session: Session, organisation_id: int, months: int) -> None:
    if not MONTHS_MIN <= months <= MONTHS_MAX:
        raise ValueError(f"months must be {MONTHS_MIN} to {MONTHS_MAX}")
    row = session.get(SamenleerRetention, organisation_id)
    if row is None:
        session.add(SamenleerRetention(organisation_id=organisation_id, months=months))
    else:
        row.months = months


@dataclass(frozen=True)
class PurgeResult:
    tracks: int
    attempts: int


def purge(session: Session, now: datetime | None = None, dry_run: bool = False) -> PurgeResult:
    now = now or utcnow()
    expired: list[SamenleerTrack] = []
    for organisation_id in session.scalars(select(Organisation.id)):
        cutoff = months_before(now, retention_months(session, organisation_id))
        expired += session.scalars(select(SamenleerTrack).where(
            SamenleerTrack.organisation_id == organisation_id,
            SamenleerTrack.last_activity_at < cutoff))
    if dry_run:
        return PurgeResult(len(expired), 0)
    for track in expired:
        session.delete(track)
    return PurgeResult(len(expired), purge_expired(session, now))
