"""Old intervisie groups go like Samenleer tracks: after the organisation's retention period
(``samenleer retention``) without activity, a group with all its sessions is deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation, utcnow
from ..models.intervisie import IntervisieGroup
from ..samenleer.retention import months_before, retention_months


def purge_groups(session: Session, now: datetime | None = None, dry_run: bool = False) -> int:
    now = now or utcnow()
    expired: list[IntervisieGroup] = []
    for organisation_id in session.scalars(select(Organisation.id)):
        cutoff = months_before(now, retention_months(session, organisation_id))
        expired += session.scalars(select(IntervisieGroup).where(
            IntervisieGroup.organisation_id == organisation_id,
            IntervisieGroup.last_activity_at < cutoff))
    if not dry_run:
        for group in expired:
            session.delete(group)
    return len(expired)
