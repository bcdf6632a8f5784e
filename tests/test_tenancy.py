"""Learners belong to one organisation (issue 12, finding 4).

Two registrations that use the same issuer string but another client_id, in two
organisations, launch the same ``sub``: each organisation gets its own learner, neither
renames the other, and neither sees the other's progress, not even progress without a
course context. Real signed launches through /lti/login and /lti/launch.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from lti_tool.content import get_course
from lti_tool.models import LaunchSession, Learner, PlatformRegistration
from lti_tool.web import TOKEN_PARAM
from tests.lti_platform import LTI, REMOVE, TestPlatform, start_login

MODULE = "rol-van-de-werkbegeleider"
SUB = "same-sub-in-both"


@pytest.fixture
def school(app) -> TestPlatform:
    platform = TestPlatform(client_id="school-client", organisation_slug="school")
    platform.register(app.extensions["db"])
    return platform


@pytest.fixture
def elsewhere(app, school) -> TestPlatform:
    """Another organisation's registration with the same issuer string (and key)."""
    platform = TestPlatform(client_id="other-client", organisation_slug="elders", kid=school.kid)
    platform.register(app.extensions["db"])
    return platform


def launch(client, platform: TestPlatform, settings, name: str, with_context: bool = False) -> str:
    state, nonce = start_login(client, platform, settings.base_url)
    context = {} if with_context else {LTI + "context": REMOVE}
    body = platform.claims(nonce, sub=SUB, name=name, **context)
    response = client.post("/lti/launch", data={"id_token": platform.sign(body), "state": state})
    assert response.status_code == 303, response.get_data(as_text=True)
    return parse_qs(urlsplit(response.headers["Location"]).query)[TOKEN_PARAM][0]


def resume_path(client, token: str) -> str:
    """Where 'open the module' takes this person: the block they saw last, or the first."""
    response = client.get(f"/learn/m/{MODULE}", query_string={TOKEN_PARAM: token})
    assert response.status_code == 302
    return urlsplit(response.headers["Location"]).path


def test_the_same_sub_from_another_organisation_is_another_learner(app, client, settings, school,
                                                                   elsewhere):
    blocks = get_course(settings).module(MODULE).blocks
    sanne = launch(client, school, settings, "Sanne de Vries")
    first = f"/learn/m/{MODULE}/b/{blocks[0].id}"
    assert client.post(first + "/done", data={TOKEN_PARAM: sanne}).status_code == 303
    assert client.get(f"/learn/m/{MODULE}/b/{blocks[1].id}",
                      query_string={TOKEN_PARAM: sanne}).status_code == 200
    assert resume_path(client, sanne) == f"/learn/m/{MODULE}/b/{blocks[1].id}"

    stranger = launch(client, elsewhere, settings, "Iemand Anders")
    assert resume_path(client, stranger) == first  # Sanne's context-less progress stays hers
    assert resume_path(client, sanne) == f"/learn/m/{MODULE}/b/{blocks[1].id}"

    with app.extensions["db"].session() as session:
        learners = session.execute(select(Learner.sub, Learner.name)).all()
    assert sorted(learners) == [(SUB, "Iemand Anders"), (SUB, "Sanne de Vries")]


def test_one_organisation_keeps_one_learner_per_sub(app, client, settings, school):
    launch(client, school, settings, "Sanne de Vries")
    launch(client, school, settings, "Sanne de Vries-Jansen", with_context=True)
    with app.extensions["db"].session() as session:
        assert session.execute(select(Learner.name)).scalars().all() == ["Sanne de Vries-Jansen"]


def test_a_session_whose_learner_is_of_another_organisation_is_refused(app, client, settings, school,
                                                                        elsewhere):
    """Every query by learner id trusts this: a launch's learner is of the launch's organisation."""
    launch(client, school, settings, "Sanne de Vries")
    stranger = launch(client, elsewhere, settings, "Iemand Anders")
    with app.extensions["db"].session() as session:
        sanne = session.scalar(select(Learner).where(Learner.name == "Sanne de Vries"))
        row = session.scalar(select(LaunchSession).join(LaunchSession.registration).where(
            PlatformRegistration.client_id == elsewhere.client_id))
        row.learner_id = sanne.id
    response = client.get("/learn/course", query_string={TOKEN_PARAM: stranger},
                          headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.get_json()["check"] == "organisation"
