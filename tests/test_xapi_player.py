"""The player and the launch emit xAPI statements through the outbox, and every one is
valid against Ralph's xAPI models."""

from __future__ import annotations

import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.module_walker import complete_module
from lti_tool.content import get_course
from lti_tool.models import Organisation, OutboxMessage
from lti_tool.xapi.lrs_config import save_lrs
from tests.ralph_lrs import validate_statements

MODULE = "rol-van-de-werkbegeleider"


def enable_lrs(app) -> None:
    with app.extensions["db"].session() as session:
        org = session.execute(select(Organisation).where(Organisation.slug == "devlms")).scalar_one()
        save_lrs(session, org, app.extensions["settings"].secret_key, endpoint="http://127.0.0.1:9/xapi",
                 key="k", secret="s", enabled=True, identify_learners=False)


def statements(app) -> list[dict]:
    with app.extensions["db"].session() as session:
        rows = session.execute(select(OutboxMessage).where(OutboxMessage.kind == "xapi_statement")
                               .order_by(OutboxMessage.id)).scalars().all()
        return [row.payload["statement"] for row in rows]


def verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[-1]


def test_a_learner_session_leaves_a_valid_trail(live_server, settings, app):
    enable_lrs(app)
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in("devlms-learner-1")
    result = lms.launch("de-rol-van-de-werkbegeleider")
    http = requests.Session()
    module = get_course(settings).module(MODULE)
    complete_module(http, settings.base_url, result.launch_token, module)
    video = next(b for b in module.blocks if b.type == "video")
    played = http.post(f"{settings.base_url}/learn/m/{MODULE}/b/{video.id}/afgespeeld",
                       data={"lt": result.launch_token, "time": "3.5"})
    assert played.status_code == 204
    exit_page = http.get(f"{settings.base_url}/learn/exit",
                         params={"lt": result.launch_token, "module_id": MODULE}, allow_redirects=False)
    assert exit_page.status_code == 303

    trail = statements(app)
    verbs = [verb(s) for s in trail]
    for expected in ("launched", "experienced", "answered", "completed", "passed", "terminated"):
        assert expected in verbs, verbs
    assert any("case" in s["object"]["id"] or verb(s) == "answered" for s in trail)
    for statement in trail:
        assert "name" not in statement["actor"] and "mbox" not in statement["actor"]
        assert statement["actor"]["account"]["name"] != "devlms-learner-1"
    assert len({s["id"] for s in trail}) == len(trail)
    problems = [p for p in validate_statements(trail) if p is not None]
    assert problems == [], problems


def test_no_statements_without_an_lrs(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in("devlms-learner-1")
    result = lms.launch("de-rol-van-de-werkbegeleider")
    complete_module(requests.Session(), settings.base_url, result.launch_token,
                    get_course(settings).module(MODULE))
    assert statements(app) == []
