"""``award_badge``: the one entry point that gives a learner a signed badge.

Idempotent: one credential per learner, course and achievement, also when two requests
award it at the same moment. The insert is ``ON CONFLICT DO NOTHING``; when nothing was
inserted the row that won is returned, or, when only the random status bit or public id
collided, another is drawn.
"""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..branding import display_name
from ..db import upsert_insert
from ..models import CourseContext, IssuedBadge, Learner, Organisation, utcnow
from .achievements import achievement_definition
from .credential import learner_identity, open_badge_credential
from .keys import current_badge_key, private_key_of
from .proof import sign
from .status_list import random_index
from .urls import BadgeUrls

ATTEMPTS = 8


class BadgeScopeError(ValueError):
    """The learner or course does not belong to the organisation named."""


def _existing(session: Session, learner_id: int, course_id: int, achievement: str) -> IssuedBadge | None:
    return session.scalars(select(IssuedBadge).where(
        IssuedBadge.learner_id == learner_id, IssuedBadge.course_id == course_id,
        IssuedBadge.achievement == achievement)).first()


def _base_url(base_url: str | None) -> str:
    return base_url or current_app.extensions["settings"].base_url


def award_badge(session: Session, *, organisation_id: int, learner_id: int, course_id: int,
                achievement: str, base_url: str | None = None) -> IssuedBadge:
    """The learner's badge for ``achievement`` in this course: the one already issued, or a
    new one, signed and written in the caller's transaction (the caller commits).

    ``base_url`` defaults to the running app's ``BASE_URL``. Raises
    :class:`~lti_tool.badges.achievements.UnknownAchievementError` for an achievement the tool
    does not define and :class:`BadgeScopeError` across organisations.
    """
    definition = achievement_definition(achievement)
    found = _existing(session, learner_id, course_id, achievement)
    if found is not None:
        return found
    organisation = session.get(Organisation, organisation_id)
    learner = session.get(Learner, learner_id)
    course = session.get(CourseContext, course_id)
    if (organisation is None or learner is None or course is None
            or learner.organisation_id != organisation_id
            or course.registration.organisation_id != organisation_id):
        raise BadgeScopeError("learner and course must belong to the organisation")
    urls = BadgeUrls(_base_url(base_url))
    key = current_badge_key(session)
    private = private_key_of(key)
    identity = learner_identity(learner.email, learner.sub)
    for _attempt in range(ATTEMPTS):
        public_id, index, now = str(uuid.uuid4()), random_index(), utcnow()
        unsigned = open_badge_credential(
            urls=urls, slug=organisation.slug, organisation_name=display_name(organisation),
            definition=definition, public_id=public_id, status_index=index, identity=identity,
            issued=now)
        credential = sign(unsigned, private, urls.key(organisation.slug, key.kid), now)
        inserted = session.execute(upsert_insert(session, IssuedBadge).values(
            public_id=public_id, organisation_id=organisation_id, learner_id=learner_id,
            course_id=course_id, achievement=achievement, status_index=index,
            credential=credential, created_at=now,
        ).on_conflict_do_nothing().returning(IssuedBadge.id)).scalar()
        if inserted is not None:
            row = session.get(IssuedBadge, inserted)
            assert row is not None
            return row
        found = _existing(session, learner_id, course_id, achievement)
        if found is not None:
            return found
    raise RuntimeError("no free status list index after several tries")
