"""Valid launches from the certification guide's list are accepted with sensible behaviour."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from lti_tool.models import LaunchSession
from tests.lti_platform import LTI, REMOVE, TestPlatform, start_login

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def accepted_launch(client, platform, settings, app, **overrides) -> LaunchSession:
    state, nonce = start_login(client, platform, settings.base_url)
    response = client.post("/lti/launch", data={
        "id_token": platform.sign(platform.claims(nonce, **overrides)), "state": state})
    assert response.status_code == 303, response.get_data(as_text=True)
    token = parse_qs(urlsplit(response.headers["Location"]).query)["lt"][0]
    assert client.get("/learn", query_string={"lt": token}).status_code == 302
    with app.extensions["db"].session() as session:
        row = session.execute(
            select(LaunchSession).order_by(LaunchSession.created_at.desc())).scalars().first()
        session.expunge(row)
        row.token = token
        return row


def is_staff(client, row) -> bool:
    return client.get("/dashboard/", query_string={"lt": row.token},
                      headers={"Accept": "application/json"}).status_code != 403


@pytest.mark.parametrize(("roles", "staff"), [
    ([LIS + "membership#Learner", LIS + "institution/person#Student"], False),
    ([LIS + "membership#Instructor", LIS + "institution/person#Faculty"], True),
    (["Instructor"], True),
    (["Learner"], False),
    (["http://example.org/roles#Astronaut"], False),
    ([], False),
])
def test_roles(client, platform, settings, app, roles, staff):
    row = accepted_launch(client, platform, settings, app, **{LTI + "roles": roles})
    assert row.roles == roles
    assert is_staff(client, row) is staff


@pytest.mark.parametrize(("overrides", "expected_name"), [
    ({"name": REMOVE, "given_name": "Fatima", "family_name": "Yilmaz"}, "Fatima Yilmaz"),
    ({"name": REMOVE, "email": "only@example.org"}, None),
    ({"email": REMOVE}, "Sanne de Vries"),
    ({"name": REMOVE, "email": REMOVE}, None),
])
def test_personal_data_variants(client, platform, settings, app, overrides, expected_name):
    row = accepted_launch(client, platform, settings, app, **overrides)
    from lti_tool.models import Learner
    with app.extensions["db"].session() as session:
        assert session.get(Learner, row.learner_id).name == expected_name


def test_no_context_still_plays(client, platform, settings, app):
    row = accepted_launch(client, platform, settings, app, **{LTI + "context": REMOVE})
    assert row.context_id is None
    page = client.get("/learn/m/rol-van-de-werkbegeleider", query_string={"lt": row.token},
                      follow_redirects=True)
    assert page.status_code == 200


def test_greeting_uses_the_name_or_stays_neutral(client, platform, settings, app):
    named = accepted_launch(client, platform, settings, app)
    page = client.get("/learn/course", query_string={"lt": named.token}).get_data(as_text=True)
    assert "Hallo Sanne de Vries" in page
    anonymous = accepted_launch(client, platform, settings, app, name=REMOVE, email=REMOVE, sub="user-2")
    page = client.get("/learn/course", query_string={"lt": anonymous.token}).get_data(as_text=True)
    assert "Welkom!" in page and "Hallo" not in page
