"""Who gets staff rights: Mentor (Canvas's observers, such as parents) never does.

Real signed launches (tests/lti_platform.py) with the roles a platform sends, then every
staff-only page: a Mentor gets 403 on each, an Instructor 200.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from test_learning_support import LaunchInfo
from zelfscan_support import FRAMEWORK, add_finished_scan

from lti_tool.models import LaunchSession
from lti_tool.models.zelfscan import ZelfscanConsent
from lti_tool.roles import has_staff_role, is_learner_role
from lti_tool.web import TOKEN_PARAM
from tests.lti_platform import LTI, REMOVE, TestPlatform, start_login

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
MENTOR = LIS + "membership#Mentor"
INSTRUCTOR = LIS + "membership#Instructor"
LEARNER = LIS + "membership#Learner"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


@pytest.mark.parametrize(("roles", "staff"), [
    ([INSTRUCTOR], True),
    (["Instructor"], True),
    ([LIS + "membership/Instructor#TeachingAssistant"], True),
    ([LIS + "membership/Instructor#Grader"], True),
    ([LIS + "membership#ContentDeveloper"], True),
    (["ContentDeveloper"], True),
    ([LIS + "membership#Administrator"], True),
    ([LIS + "institution/person#Administrator"], True),
    ([LIS + "system/person#Administrator"], True),
    ([LIS + "system/person#SysAdmin"], True),
    ([MENTOR], False),
    (["Mentor"], False),
    ([LIS + "membership/Mentor#TeachingAssistant"], False),
    ([LIS + "membership/Mentor#Mentor"], False),
    ([LIS + "institution/person#Mentor", MENTOR], False),
    ([LEARNER, LIS + "institution/person#Instructor"], False),
    ([LEARNER, LIS + "institution/person#Faculty"], False),
    ([LIS + "membership/Learner#Instructor"], False),
    (["urn:lti:role:ims/lis/Instructor"], False),
    (["TeachingAssistant"], False),
    ([LEARNER], False),
    ([], False),
])
def test_which_roles_are_staff(roles, staff):
    assert has_staff_role(roles) is staff


def test_the_roster_counts_learners_by_their_context_role():
    assert is_learner_role(LEARNER) and is_learner_role("Learner")
    assert is_learner_role(LIS + "membership/Learner#GuestLearner")
    assert not is_learner_role(MENTOR) and not is_learner_role(LIS + "institution/person#Learner")


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def real_launch(client, platform, settings, roles: list[str], sub: str, **overrides) -> str:
    """A signed launch through /lti/login and /lti/launch; returns the launch token."""
    state, nonce = start_login(client, platform, settings.base_url)
    body = platform.claims(nonce, sub=sub, **{LTI + "roles": roles}, **overrides)
    response = client.post("/lti/launch", data={"id_token": platform.sign(body), "state": state})
    assert response.status_code == 303, response.get_data(as_text=True)
    return parse_qs(urlsplit(response.headers["Location"]).query)[TOKEN_PARAM][0]


def deep_linking_launch(client, platform, settings, roles: list[str], sub: str) -> str:
    return real_launch(client, platform, settings, roles, sub, **{
        LTI + "message_type": "LtiDeepLinkingRequest", LTI + "resource_link": REMOVE,
        DL_SETTINGS: {"deep_link_return_url": "https://lms.example.org/dl-return",
                      "accept_types": ["ltiResourceLink"],
                      "accept_presentation_document_targets": ["iframe"]}})


def sharing_learner(app, client, platform, settings) -> int:
    """A learner of the same course who finished a scan and shares it with the trainers."""
    token = real_launch(client, platform, settings, [LEARNER], "sharing-learner")
    with app.extensions["db"].session() as session:
        row = session.scalar(select(LaunchSession).join(LaunchSession.learner)
                             .where(LaunchSession.learner.has(sub="sharing-learner")))
        info = LaunchInfo(token, row.id, row.learner_id, row.context_id)
        session.add(ZelfscanConsent(learner_id=row.learner_id, context_id=row.context_id,
                                    framework_id=FRAMEWORK, shared=True))
    add_finished_scan(app, info, {"relatie-en-vertrouwen": 3.0})
    return info.learner_id


def staff_requests(learner_id: int) -> list[tuple[str, str, dict]]:
    base = f"/zelfscan/{FRAMEWORK}"
    return [
        ("GET", "/dashboard/", {}),
        ("GET", "/dashboard/voortgang.csv", {}),
        ("GET", f"{base}/groep", {}),
        ("GET", f"{base}/groep.csv", {}),
        ("GET", f"{base}/groep/deelnemer/{learner_id}", {}),
        ("GET", "/export", {}),
        ("POST", "/export/scorm", {"version": "1.2"}),
        ("POST", "/export/cartridge", {}),
    ]


def call(client, method: str, url: str, form: dict, token: str):
    if method == "GET":
        return client.get(url, query_string={TOKEN_PARAM: token})
    return client.post(url, data={**form, TOKEN_PARAM: token})


@pytest.mark.parametrize(("roles", "status"), [
    ([MENTOR], 403),
    ([INSTRUCTOR], 200),
])
def test_staff_pages_refuse_a_mentor_and_serve_an_instructor(app, client, platform, settings,
                                                             roles, status):
    learner_id = sharing_learner(app, client, platform, settings)
    token = real_launch(client, platform, settings, roles, "staff-or-mentor")
    for method, url, form in staff_requests(learner_id):
        response = call(client, method, url, form, token)
        assert response.status_code == status, (method, url, response.get_data(as_text=True)[:300])
    picker = deep_linking_launch(client, platform, settings, roles, "staff-or-mentor")
    assert call(client, "GET", "/lti/deep-link", {}, picker).status_code == status
    chosen = call(client, "POST", "/lti/deep-link", {"item": "rol-van-de-werkbegeleider"}, picker)
    assert chosen.status_code == status


@pytest.mark.parametrize("roles", [
    ["Mentor"],
    [LIS + "membership/Mentor#TeachingAssistant"],
    [LEARNER, LIS + "institution/person#Instructor"],
])
def test_other_forms_of_non_staff_roles_get_403(client, platform, settings, roles):
    token = real_launch(client, platform, settings, roles, "observer")
    assert call(client, "GET", "/dashboard/", {}, token).status_code == 403


@pytest.mark.parametrize("roles", [
    ["Instructor"],
    [LIS + "membership/Instructor#TeachingAssistant"],
])
def test_short_and_sub_role_instructors_get_the_dashboard(client, platform, settings, roles):
    token = real_launch(client, platform, settings, roles, "teacher")
    assert call(client, "GET", "/dashboard/", {}, token).status_code == 200
