"""Helpers for the leerlijn tests (no tests in this file)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from test_learning_support import INSTRUCTOR, LEARNER, LaunchInfo, make_launch

from lti_tool.models import Learner, ModuleProgress, utcnow
from lti_tool.models.leerlijn import LeerlijnSession
from lti_tool.models.zelfscan import COMPLETED, ZelfscanScan

__all__ = ["INSTRUCTOR", "LEARNER", "LaunchInfo", "make_launch"]

TOMORROW = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%d")


def trainer(app) -> LaunchInfo:
    return make_launch(app, roles=(INSTRUCTOR,), content_item_id="leerlijn")


def learner(app, **kwargs) -> LaunchInfo:
    return make_launch(app, content_item_id="leerlijn", **kwargs)


def plan_form(token: str, **overrides) -> dict:
    form = {"lt": token, "title": "Terugkomdag feedback", "day": TOMORROW, "start": "13:30",
            "end": "16:00", "place": "Zaal 2, Hoofdgebouw", "online_url": "",
            "prepares_for": ["feedback-geven-en-ontvangen"], "bring": "Een voorbeeld uit je werk"}
    form.update(overrides)
    return form


def plan_session(client, token: str, **overrides) -> int:
    answer = client.post("/leerlijn/bijeenkomsten/nieuw", data=plan_form(token, **overrides))
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    return int(re.search(r"/bijeenkomsten/(\d+)", answer.location).group(1))


def open_checkin(client, token: str, session_id: int) -> str:
    client.post(f"/leerlijn/bijeenkomsten/{session_id}/incheckcode", data={"lt": token, "action": "open"})
    page = client.get(f"/leerlijn/bijeenkomsten/{session_id}?lt={token}").get_data(as_text=True)
    match = re.search(r'class="checkin-code"[^>]*>(\d{3}) (\d{3})<', page)
    assert match, page[:3000]
    return match.group(1) + match.group(2)


def session_ids(app) -> list[int]:
    with app.extensions["db"].session() as session:
        return list(session.scalars(select(LeerlijnSession.id)))


def meet_all_but_feedback(app, info: LaunchInfo) -> None:
    """Modules passed and two zelfscans done, straight in the database."""
    with app.extensions["db"].session() as session:
        organisation_id = session.get(Learner, info.learner_id).organisation_id
        for module_id in ("rol-van-de-werkbegeleider", "duidelijke-werkafspraken",
                          "feedback-geven-en-ontvangen"):
            session.add(ModuleProgress(learner_id=info.learner_id, context_id=info.context_id,
                                       module_id=module_id, status="completed", score_given=100.0,
                                       score_maximum=100.0, completed_at=utcnow()))
        for _ in range(2):
            session.add(ZelfscanScan(learner_id=info.learner_id, context_id=info.context_id,
                                     organisation_id=organisation_id,
                                     framework_id="werkbegeleider", status=COMPLETED,
                                     completed_at=utcnow()))
