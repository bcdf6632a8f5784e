"""Statements: every kind the tool emits is valid for Ralph's xAPI models; the actor is a
pseudonym unless the organisation opts in; nothing is queued without an enabled LRS."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest
from ralph_lrs import validate_statements

from lti_tool import xapi
from lti_tool.models import OutboxMessage
from lti_tool.xapi import vocabulary as v
from lti_tool.xapi.keys import ACTOR_PSEUDONYM, derive_key

pytest_plugins = ["conftest_ralph"]

MODULE = "rol-van-de-werkbegeleider"
LRS = "http://127.0.0.1:9/xAPI"


def emit_everything(session, launch) -> list:
    """One call of every public emitter, as the player and the launch will make them."""
    queued = [
        xapi.launched(session, launch),
        xapi.experienced(session, launch, MODULE, "rol-wat-doe-je"),
        xapi.answered(session, launch, MODULE, "rol-quiz", True, 0.75, ["b", "c"]),
        xapi.answered(session, launch, MODULE, "rol-quiz", False, 0.0, "a", question_id="beoordeling"),
        xapi.case_choice(session, launch, MODULE, "rol-casus-ziekteverlof", "start", "zelf-uitzoeken"),
        xapi.media_played(session, launch, MODULE, "rol-video", 12.5),
        xapi.media_played(session, launch, MODULE, "rol-podcast", 0),
        *xapi.module_result(session, launch, MODULE, True, True, 0.8),
        *xapi.module_result(session, launch, MODULE, False, False, None),
        xapi.terminated(session, launch, MODULE, 95.25),
        xapi.samenleer_shared(session, launch, "feedback-geven", "gesprek-12"),
    ]
    return queued


@pytest.fixture
def launch(app, org_launch, set_lrs):
    launch = org_launch("org-a")
    set_lrs(launch.organisation_id, LRS, "key", "a-secret-value")
    return launch


def test_every_statement_is_valid_xapi(app, launch):
    with app.app_context(), app.extensions["db"].session() as session:
        queued = emit_everything(session, launch)
        assert all(message is not None for message in queued)
        statements = [message.payload["statement"] for message in queued]
    assert len(statements) == 12
    errors = validate_statements(statements)
    assert errors == [None] * len(statements), [e for e in errors if e]
    assert len({statement["id"] for statement in statements}) == len(statements)


def test_statement_shape_and_activity_iris(app, settings, launch):
    with app.app_context(), app.extensions["db"].session() as session:
        message = xapi.experienced(session, launch, MODULE, "rol-video")
        assert message.kind == "xapi_statement"
        assert message.target == f"lrs:{launch.organisation_id}"
        statement = message.payload["statement"]
    base = settings.base_url
    uuid.UUID(statement["id"])
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
    assert statement["object"]["id"] == f"{base}/xapi/activities/werkbegeleiding/{MODULE}/rol-video"
    assert statement["object"]["definition"]["type"] == v.ActivityType.VIDEO
    context = statement["context"]
    module_iri = f"{base}/xapi/activities/werkbegeleiding/{MODULE}"
    assert context["contextActivities"]["parent"][0]["id"] == module_iri
    assert context["contextActivities"]["grouping"][0]["definition"]["type"] == v.ActivityType.COURSE
    extensions = context["extensions"]
    assert extensions[f"{base}/xapi/extensions/lti-platform"] == "https://lms.org-a.example.org"
    assert extensions[f"{base}/xapi/extensions/lti-deployment"] == "dep-1"
    assert extensions[f"{base}/xapi/extensions/lti-context"].startswith("ctx-")
    assert extensions[f"{base}/xapi/extensions/lti-resource-link"].startswith("rl-")
    assert extensions[f"{base}/xapi/extensions/organisation"] == "org-a"


def test_module_results_carry_the_cmi5_moveon_category(app, launch):
    with app.app_context(), app.extensions["db"].session() as session:
        messages = xapi.module_result(session, launch, MODULE, True, True, 0.9)
    verbs = [m.payload["statement"]["verb"]["id"] for m in messages]
    assert verbs == [v.COMPLETED.id, v.PASSED.id]
    for message in messages:
        category = message.payload["statement"]["context"]["contextActivities"]["category"]
        assert category[0]["id"] == "https://w3id.org/xapi/cmi5/context/categories/moveon"
    assert messages[1].payload["statement"]["result"] == {"success": True, "score": {"scaled": 0.9}}


def test_actor_is_a_keyed_pseudonym_by_default(app, settings, launch):
    with app.app_context(), app.extensions["db"].session() as session:
        statement = xapi.launched(session, launch).payload["statement"]
    expected = hmac.new(derive_key(settings.secret_key, ACTOR_PSEUDONYM), b"user-1",
                        hashlib.sha256).hexdigest()
    assert statement["actor"] == {"objectType": "Agent", "account": {
        "homePage": "https://lms.org-a.example.org", "name": expected}}
    text = str(statement)
    assert "Sanne" not in text and "sanne@example.org" not in text and "user-1" not in text


def test_actor_is_named_only_when_the_organisation_opts_in(app, launch, set_lrs):
    set_lrs(launch.organisation_id, LRS, "key", None, identify=True)
    with app.app_context(), app.extensions["db"].session() as session:
        statement = xapi.launched(session, launch).payload["statement"]
    assert statement["actor"] == {"objectType": "Agent", "name": "Sanne de Vries",
                                  "mbox": "mailto:sanne@example.org"}


def test_same_learner_same_placement_same_registration(app, org_launch, set_lrs):
    first = org_launch("org-a")
    second_learner = org_launch("org-a", sub="user-2")
    set_lrs(first.organisation_id, LRS, "key", "a-secret-value")
    with app.app_context(), app.extensions["db"].session() as session:
        one = xapi.launched(session, first).payload["statement"]
        two = xapi.terminated(session, first).payload["statement"]
        other = xapi.launched(session, second_learner).payload["statement"]
    assert one["context"]["registration"] == two["context"]["registration"]
    assert other["context"]["registration"] != one["context"]["registration"]
    assert one["actor"] != other["actor"]


@pytest.mark.parametrize("enabled", [False, None])
def test_nothing_is_queued_without_an_enabled_lrs(app, org_launch, set_lrs, enabled):
    launch = org_launch("org-b")
    if enabled is not None:
        set_lrs(launch.organisation_id, LRS, "key", "a-secret-value", enabled=enabled)
    with app.app_context(), app.extensions["db"].session() as session:
        queued = emit_everything(session, launch)
        assert all(not message for message in queued)
        assert session.query(OutboxMessage).count() == 0


def test_statement_is_written_in_the_callers_transaction(app, launch):
    database = app.extensions["db"]
    with app.app_context():
        session = database.session_factory()
        xapi.launched(session, launch)
        session.rollback()
        session.close()
    with database.session() as session:
        assert session.query(OutboxMessage).count() == 0
