"""Demo people, the course and its placements; safe to run on every start."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import DevCourse, DevEnrolment, DevLineItem, DevPlacement, DevUser

COURSE_CONTEXT_ID = "course-werkbegeleiding"
DEFAULT_SCORE_MAXIMUM = 100.0

USERS = [
    ("devlms-learner-1", "learner", "Sanne", "de Vries", "sanne@example.org"),
    ("devlms-learner-2", "learner", "Mohammed", "El Amrani", "mohammed@example.org"),
    ("devlms-instructor-1", "instructor", "Jeroen", "Bakker", "jeroen@example.org"),
    ("devlms-admin", "admin", "Beheerder", "", "beheer@example.org"),
]
FIRST_PLACEMENT = ("De rol van de werkbegeleider", "rol-van-de-werkbegeleider")


def seed_devlms(session: Session) -> None:
    """Create whatever part of the demo data is missing; never duplicates."""
    for username, kind, given, family, email in USERS:
        if session.get(DevUser, username) is None:
            session.add(DevUser(username=username, kind=kind, given_name=given,
                                family_name=family, email=email,
                                name=f"{given} {family}".strip()))
    session.flush()
    course = session.scalars(
        select(DevCourse).where(DevCourse.context_id == COURSE_CONTEXT_ID)).first()
    if course is None:
        course = DevCourse(context_id=COURSE_CONTEXT_ID, label="WB-2026",
                           title="Werkbegeleiding in de praktijk")
        session.add(course)
        session.flush()
    enrolled = set(session.scalars(
        select(DevEnrolment.username).where(DevEnrolment.course_id == course.id)))
    for username, *_ in USERS:
        if username not in enrolled:
            session.add(DevEnrolment(course_id=course.id, username=username))
    has_placement = session.scalars(
        select(DevPlacement.id).where(DevPlacement.course_id == course.id).limit(1)).first()
    if has_placement is None:
        title, content_item = FIRST_PLACEMENT
        add_placement(session, course, title=title, content_item=content_item)
    session.flush()


def add_placement(session: Session, course: DevCourse, *, title: str, content_item: str,
                  tool_client_id: str | None = None) -> DevPlacement:
    """Place the tool in ``course`` showing ``content_item``, with its own gradebook column."""
    title = title.strip()
    content_item = content_item.strip()
    if not title or not content_item:
        raise ValueError("title and content_item are required")
    placement = create_placement(session, course, title=title,
                                 custom={"content_item": content_item},
                                 tool_client_id=tool_client_id)
    session.add(DevLineItem(course_id=course.id, placement_id=placement.id, label=title,
                            score_maximum=DEFAULT_SCORE_MAXIMUM, resource_id=content_item))
    session.flush()
    return placement


def create_placement(session: Session, course: DevCourse, *, title: str, custom: dict,
                     text: str | None = None, tool_client_id: str | None = None,
                     target_link_uri: str | None = None) -> DevPlacement:
    """A resource link in ``course`` (no gradebook column); None tool = the built-in tool."""
    placement = DevPlacement(course_id=course.id, resource_link_id=_free_slug(session, title),
                             title=title, custom=custom, text=text,
                             tool_client_id=tool_client_id, target_link_uri=target_link_uri)
    session.add(placement)
    session.flush()
    return placement


def _free_slug(session: Session, title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "plaatsing"
    taken = set(session.scalars(
        select(DevPlacement.resource_link_id)
        .where(DevPlacement.resource_link_id.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def course_by_context(session: Session, context_id: str) -> DevCourse | None:
    return session.scalars(select(DevCourse).where(DevCourse.context_id == context_id)).first()


def placement_by_link(session: Session, resource_link_id: str) -> DevPlacement | None:
    return session.scalars(
        select(DevPlacement).where(DevPlacement.resource_link_id == resource_link_id)).first()


def default_placement(session: Session) -> DevPlacement | None:
    return session.scalars(select(DevPlacement).order_by(DevPlacement.id).limit(1)).first()


def primary_line_item(session: Session, placement: DevPlacement) -> DevLineItem | None:
    """The column the launch's ``lineitem`` claim points at (the placement's first)."""
    return session.scalars(
        select(DevLineItem).where(DevLineItem.placement_id == placement.id)
        .order_by(DevLineItem.id).limit(1)).first()


def is_enrolled(session: Session, course: DevCourse, username: str) -> bool:
    return session.scalars(
        select(DevEnrolment.id).where(DevEnrolment.course_id == course.id,
                                      DevEnrolment.username == username)).first() is not None
