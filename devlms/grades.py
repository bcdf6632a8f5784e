"""Reading the gradebook: the latest accepted score per learner and line item."""

from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from .models import TEACHER, DevCourse, DevEnrolment, DevLineItem, DevScore, DevUser


def latest_scores(session: Session, line_items: list[DevLineItem],
                  username: str | None = None) -> dict[tuple[int, str], DevScore]:
    """``(line item id, username) -> the score that is the grade``: the latest teacher
    override, else the latest score (scores are stored in arrival order)."""
    if not line_items:
        return {}
    overridden = case((DevScore.source == TEACHER, 1), else_=0)
    query = (select(DevScore).where(DevScore.line_item_id.in_([item.id for item in line_items]))
             .order_by(overridden, DevScore.id))
    if username is not None:
        query = query.where(DevScore.username == username)
    return {(score.line_item_id, score.username): score for score in session.scalars(query)}


def grade_value(score: DevScore) -> float | None:
    """The grade a platform shows: like Moodle, only a FullyGraded score counts."""
    return score.score_given if score.grading_progress == "FullyGraded" else None


def course_line_items(session: Session, course: DevCourse) -> list[DevLineItem]:
    return list(session.scalars(
        select(DevLineItem).where(DevLineItem.course_id == course.id).order_by(DevLineItem.id)))


def course_members(session: Session, course: DevCourse, kind: str | None = None) -> list[DevUser]:
    query = (select(DevUser).join(DevEnrolment, DevEnrolment.username == DevUser.username)
             .where(DevEnrolment.course_id == course.id).order_by(DevUser.username))
    if kind is not None:
        query = query.where(DevUser.kind == kind)
    return list(session.scalars(query))


def recent_scores(session: Session, course: DevCourse, limit: int = 20) -> list[DevScore]:
    return list(session.scalars(
        select(DevScore).join(DevLineItem).where(DevLineItem.course_id == course.id)
        .order_by(DevScore.id.desc()).limit(limit)))


def column_history(session: Session, item: DevLineItem) -> list[DevScore]:
    """Every score the column received, oldest first: a test can see each overwrite."""
    return list(session.scalars(
        select(DevScore).where(DevScore.line_item_id == item.id).order_by(DevScore.id)))
