"""Dynamic registration with a platform that behaves as Canvas does (the development LMS
in Canvas mode), over real HTTP with real signed JWTs: registration, a learner launch,
a score posted and read back, the roster, and the placements Canvas made of the request.
"""

from __future__ import annotations

import re
import threading
import time
import uuid

import jwt
import pytest
import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.models import DevTool
from devlms.module_walker import complete_module
from lti_tool.content import get_course
from lti_tool.http import EgressPolicy
from lti_tool.lti import nrps
from lti_tool.lti.ags import read_results
from lti_tool.lti.dynamic_registration import tool_registration_request
from lti_tool.lti.keys import ensure_tool_key
from lti_tool.lti.registration_answer import answered_deployment_id, service_audience
from lti_tool.lti.registrations import claim_first_deployment
from lti_tool.models import Deployment, LaunchSession, OutboxMessage, PlatformRegistration
from lti_tool.outbox.worker import deliver_due
from lti_tool.web import launch_from_row
from tests.registration_support import registration_link
from tests.test_lti_admin_cli import run

TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"
MODULE = "rol-van-de-werkbegeleider"
LEARNERS = {"Sanne de Vries", "Mohammed El Amrani", "Jeroen Bakker"}


def register(app, settings, behaviour: str) -> tuple[DevLmsClient, str, str]:
    """The devlms admin starts "Tool registreren" as ``behaviour`` with a registration link
    for a new school; the tool registers. Returns the admin's devlms client, the client_id
    and the tool's answer page."""
    lms = DevLmsClient(settings.devlms_base_url)
    link = registration_link(app, settings, f"school-{behaviour}")
    openid_configuration, token = lms.dynamic_registration_urls(link, behaviour=behaviour)
    page = requests.get(link, params={
        "openid_configuration": openid_configuration, "registration_token": token}, timeout=10)
    assert page.status_code == 200, page.text
    client_id = re.search(r"<dt>Client-id</dt><dd><code>([^<]+)</code>", page.text).group(1)
    lms.activate_tool(client_id)
    return lms, client_id, page.text


def registration_row(app, client_id: str) -> tuple[int, bool, list[str], str | None]:
    with app.extensions["db"].session() as session:
        row = session.execute(select(PlatformRegistration).where(
            PlatformRegistration.client_id == client_id)).scalar_one()
        return (row.id, row.accept_first_deployment, [d.deployment_id for d in row.deployments],
                row.auth_audience)


def devlms_tool(app, client_id: str) -> DevTool:
    with app.extensions["db"].session() as session:
        tool = session.get(DevTool, client_id)
        session.expunge(tool)
        return tool


def test_canvas_registration_then_launch_grade_roster_and_placements(live_server, settings, app):
    lms, client_id, _page = register(app, settings, "canvas")
    tool = devlms_tool(app, client_id)
    registration_id, accepts_first, deployments, audience = registration_row(app, client_id)
    # Canvas's bare-host authorization_server is not taken as the audience; its top-level
    # deployment_id is the registration's deployment.
    assert audience is None
    assert deployments == [tool.deployment_id] and accepts_first is False
    assert [p["placement"] for p in tool.placements] == [
        "assignment_selection", "link_selection", "course_navigation"]
    course_nav = tool.placements[2]
    assert course_nav["message_type"] == "LtiResourceLinkRequest"
    assert course_nav["visibility"] == "admins" and "default" not in course_nav  # enabled
    assert course_nav["custom_fields"] == {"content_item": "dashboard"}
    listed = lms.http.get(settings.devlms_base_url + "/admin/tools").text
    assert "<code>assignment_selection</code>" in listed and "<code>course_navigation</code>" in listed

    link = lms.add_placement("Rol van de werkbegeleider", MODULE, client_id=client_id)
    lms.sign_in("devlms-learner-1")
    result = lms.launch(link)
    assert result.response.status_code == 200, result.response.text[:500]
    assert result.url.startswith(settings.base_url + "/learn/m/" + MODULE)

    http = requests.Session()
    complete_module(http, settings.base_url, result.launch_token, get_course(settings).module(MODULE))
    while deliver_due(app.extensions["db"]):
        pass
    with app.extensions["db"].session() as session:
        messages = session.execute(select(OutboxMessage)).scalars()
        assert {(m.status, m.last_error) for m in messages} == {("delivered", None)}
        launch = session.execute(select(LaunchSession)).scalar_one()
        assert launch.registration_id == registration_id
        lineitem = launch.ags["lineitem"]
        results = read_results(session, registration_id, lineitem, EgressPolicy.from_settings(settings),
                               "devlms-learner-1")
    assert results == {"devlms-learner-1": 100.0}

    lms.sign_in("devlms-instructor-1")
    lms.launch(link)
    with app.extensions["db"].session() as session:
        teacher = session.execute(select(LaunchSession).order_by(LaunchSession.id.desc())).scalars().first()
        members = nrps.fetch_members(session, launch_from_row(teacher), EgressPolicy.from_settings(settings))
    assert LEARNERS <= {member.name for member in members}


def test_canvas_configuration_and_answer_differ_from_moodle_as_canvas_does(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    moodle_url, _token = lms.dynamic_registration_urls(registration_link(app, settings), behaviour="moodle")
    assert "authorization_server" not in requests.get(moodle_url, timeout=5).json()
    canvas_url, token = lms.dynamic_registration_urls(registration_link(app, settings), behaviour="canvas")
    assert "registration_token=" in canvas_url
    config = requests.get(canvas_url, timeout=5).json()
    assert config["authorization_server"] == settings.devlms_base_url.split("/")[2]  # host:port only
    answer = requests.post(config["registration_endpoint"], json=tool_registration_request(settings, config),
                           headers={"Authorization": f"Bearer {token}"}, timeout=5).json()
    assert answer["deployment_id"] and "deployment_id" not in answer[TOOL_CONF]
    assert answer["client_name"] == "Werkbegeleiding" and "client_name#en" not in answer
    # A used token opens no configuration any more.
    assert requests.get(canvas_url, timeout=5).status_code == 401

    # The token endpoint takes only the full token URL as the assertion's audience.
    lms.activate_tool(answer["client_id"])
    with app.extensions["db"].session() as session:
        key = ensure_tool_key(session)
        pem, kid = key.private_pem, key.kid
    for audience, status in [(config["authorization_server"], 401), (config["token_endpoint"], 200)]:
        now = int(time.time())
        assertion = jwt.encode({"iss": answer["client_id"], "sub": answer["client_id"], "aud": audience,
                                "iat": now, "exp": now + 60, "jti": uuid.uuid4().hex},
                               pem, algorithm="RS256", headers={"kid": kid})
        response = requests.post(config["token_endpoint"], data={
            "grant_type": "client_credentials", "client_assertion": assertion,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score"}, timeout=5)
        assert response.status_code == status, response.text


def test_registration_without_deployment_takes_the_first_launch_once(live_server, settings, app):
    lms, client_id, page = register(app, settings, "canvas-classic")
    assert "Nog niet bekend: de eerste start vanuit de leeromgeving legt hem vast." in page
    registration_id, accepts_first, deployments, _ = registration_row(app, client_id)
    assert accepts_first is True and deployments == []
    listed = run(settings, "platforms", "list")
    assert f"{client_id}\tdeployments: first launch's deployment is accepted" in listed.output

    link = lms.add_placement("Rol van de werkbegeleider", MODULE, client_id=client_id)
    lms.sign_in("devlms-learner-1")
    assert lms.launch(link).url.startswith(settings.base_url + "/learn/m/" + MODULE)
    first = devlms_tool(app, client_id).deployment_id
    assert registration_row(app, client_id)[1:3] == (False, [first])
    assert f"{client_id}\tdeployments: {first}\t" in run(settings, "platforms", "list").output
    # Retakes under the same deployment keep working.
    lms.sign_in("devlms-learner-2")
    assert lms.launch(link).url.startswith(settings.base_url + "/learn/m/" + MODULE)

    # The flag has closed: a launch from another deployment is refused.
    with app.extensions["db"].session() as session:
        session.get(DevTool, client_id).deployment_id = "another-deployment"
    lms.sign_in("devlms-learner-1")
    refused = lms.launch(link)
    assert refused.response.status_code == 403 and "another-deployment" in refused.response.text


@pytest.mark.parametrize("same", [True, False], ids=["same-deployment", "two-deployments"])
def test_first_deployment_is_claimed_once_under_concurrency(app, same):
    db = app.extensions["db"]
    with db.session() as session:
        registration = session.execute(select(PlatformRegistration)).scalars().first()
        registration.accept_first_deployment = True
        registration_id = registration.id
        before = {d.deployment_id for d in registration.deployments}
    barrier = threading.Barrier(2)
    won: list[bool] = []

    def launch(deployment_id: str) -> None:
        with db.session() as session:
            barrier.wait()
            won.append(claim_first_deployment(session, registration_id, deployment_id))

    threads = [threading.Thread(target=launch, args=("d-1" if same else f"d-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, True]
    with db.session() as session:
        added = {d.deployment_id for d in session.execute(select(Deployment).where(
            Deployment.registration_id == registration_id)).scalars()} - before
        assert len(added) == 1
        assert session.get(PlatformRegistration, registration_id).accept_first_deployment is False


@pytest.mark.parametrize(("config", "audience"), [
    ({"authorization_server": "canvas.instructure.com"}, None),
    ({"authorization_server": "https://lms.example/oauth/aud"}, "https://lms.example/oauth/aud"),
    ({"authorization_server": ["x"]}, None),
    ({}, None),
])
def test_the_assertion_audience_is_a_url_or_the_token_endpoint(config, audience):
    assert service_audience(config) == audience


@pytest.mark.parametrize(("answer", "deployment"), [
    ({TOOL_CONF: {"deployment_id": "7"}}, "7"),  # Moodle
    ({"deployment_id": "12:abc", TOOL_CONF: {}}, "12:abc"),  # Canvas
    ({"deployment_id": 5}, "5"),
    ({TOOL_CONF: {"deployment_id": ""}, "deployment_id": None}, None),
    ({"deployment_id": {"x": 1}}, None),
    ({"deployment_id": "x" * 300}, None),
])
def test_deployment_id_is_read_in_either_place(answer, deployment):
    assert answered_deployment_id(answer) == deployment
