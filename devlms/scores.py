"""AGS 2.0 score and result services for one line item."""

from __future__ import annotations

import math
import typing as t
from datetime import datetime

from flask import Blueprint, Response, request
from lti1p3platform.score import ActivityProgress, GradeProgress
from sqlalchemy import select

from lti_tool.web import db_session, settings

from . import urls
from .ags import find_line_item, line_item_to_write, media_response
from .bearer import requires_scope
from .constants import RESULTS_MEDIA, SCOPE_RESULT_READONLY, SCOPE_SCORE, SCORE_MEDIA
from .grades import grade_value, latest_scores
from .lineitems import parse_timestamp
from .models import DevCourse, DevLineItem, DevScore, DevUser, as_utc
from .paging import BadRequestError, json_error, paginate
from .seed import is_enrolled
from .state import devlms_state

bp = Blueprint("scores", __name__, url_prefix="/ags/<context_id>/lineitems/<int:item_id>")

ACTIVITY = {member.value for member in ActivityProgress}
GRADING = {member.value for member in GradeProgress}


class NotGradableError(Exception):
    """The userId is not a learner in the line item's course."""


@bp.post("/scores")
def post_score(context_id: str, item_id: int) -> Response:
    fault = devlms_state().next_score_fault()
    if fault is not None:
        response = json_error(fault, "fault injected by the devlms test hook")
        if fault in {429, 503}:
            response.headers["Retry-After"] = "1"
        return response
    return _accept_score(context_id, item_id)


@requires_scope(SCOPE_SCORE)
def _accept_score(context_id: str, item_id: int) -> Response:
    found = line_item_to_write(context_id, item_id, SCORE_MEDIA)
    if isinstance(found, Response):
        return found
    course, item = found
    session = db_session()
    try:
        score = _validated_score(course, item, request.get_json(force=True, silent=True))
    except NotGradableError:
        return json_error(400, "user cannot be graded")
    except BadRequestError as exc:
        return json_error(400, str(exc))
    last = session.scalars(
        select(DevScore.timestamp).where(DevScore.line_item_id == item.id,
                                         DevScore.username == score.username)
        .order_by(DevScore.timestamp.desc()).limit(1)).first()
    # Moodle compares whole seconds (strtotime against the grade's timemodified).
    if last is not None and _seconds(score.timestamp) <= _seconds(last):
        return json_error(409, "Refusing score with an earlier timestamp for item "
                               f"{item.id} and user {score.username}")
    session.add(score)
    session.commit()
    return Response(status=200)


def _seconds(value: datetime) -> int:
    return math.floor(as_utc(value).timestamp())


def _validated_score(course: DevCourse, item: DevLineItem, body: t.Any) -> DevScore:
    if not isinstance(body, dict):
        raise BadRequestError("the body must be a JSON object")
    user_id = body.get("userId")
    if not isinstance(user_id, str) or not user_id:
        raise BadRequestError("userId must be a non-empty string")
    if body.get("activityProgress") not in ACTIVITY:
        raise BadRequestError("activityProgress must be one of " + ", ".join(sorted(ACTIVITY)))
    if body.get("gradingProgress") not in GRADING:
        raise BadRequestError("gradingProgress must be one of " + ", ".join(sorted(GRADING)))
    timestamp = parse_timestamp("timestamp", body.get("timestamp"))
    given, maximum = body.get("scoreGiven"), body.get("scoreMaximum")
    if given is not None:
        if not _is_number(given) or given < 0:
            raise BadRequestError("scoreGiven must be a number of at least 0")
        if maximum is None:
            raise BadRequestError("scoreMaximum is required with scoreGiven")
    # scoreGiven may exceed scoreMaximum (extra credit), as the AGS spec allows.
    if maximum is not None and (not _is_number(maximum) or maximum <= 0):
        raise BadRequestError("scoreMaximum must be a number greater than 0")
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise BadRequestError("comment must be a string")
    user = db_session().get(DevUser, user_id)
    if user is None or user.kind != "learner" or not is_enrolled(db_session(), course, user_id):
        raise NotGradableError(user_id)
    return DevScore(line_item_id=item.id, username=user_id,
                    score_given=float(given) if given is not None else None,
                    score_maximum=float(maximum) if maximum is not None else None,
                    activity_progress=body["activityProgress"],
                    grading_progress=body["gradingProgress"],
                    timestamp=timestamp, comment=comment)


def _is_number(value: t.Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@bp.get("/results")
@requires_scope(SCOPE_RESULT_READONLY)
def results(context_id: str, item_id: int) -> Response:
    found = find_line_item(context_id, item_id)
    if found is None:
        return json_error(404, "line item not found")
    item = found[1]
    base = urls.lineitem_url(settings(), context_id, item.id)
    latest = latest_scores(db_session(), [item], request.args.get("user_id") or None)
    rows = [_result_json(base, item, score) for score in latest.values()]
    try:
        page, link = paginate(sorted(rows, key=lambda row: row["userId"]), base + "/results")
    except BadRequestError as exc:
        return json_error(400, str(exc))
    response = media_response(page, RESULTS_MEDIA)
    if link:
        response.headers["Link"] = link
    return response


def _result_json(lineitem_url: str, item: DevLineItem, score: DevScore) -> dict[str, t.Any]:
    """A result as Moodle reports it: the grade scaled to the line item's maximum."""
    data: dict[str, t.Any] = {
        "id": f"{lineitem_url}/results/{score.username}",
        "scoreOf": lineitem_url,
        "userId": score.username,
        "resultMaximum": item.score_maximum,
        "timestamp": score.timestamp_utc.isoformat(),
    }
    value = grade_value(score)
    if value is not None and score.score_maximum:
        data["resultScore"] = value / score.score_maximum * item.score_maximum
    if score.comment:
        data["comment"] = score.comment
    return data
