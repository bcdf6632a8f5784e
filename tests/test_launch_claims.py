"""Claims that do not fit their columns (issue 12, finding 7): never a 500, never 1 MB stored.

Human text (names, titles, labels) is cut to its column and loses NUL bytes; an email
that cannot be an address is left out; identifiers and service URLs that do not fit are
refused with a 400 that names the claim, before the single-use login is spent.
Real signed id_tokens; run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lti_tool.lti.claim_values import LABEL_MAX, LINK_TITLE_MAX, NAME_MAX, TITLE_MAX
from lti_tool.models import CourseContext, LaunchSession, Learner, ResourceLink
from tests.lti_platform import LTI, TestPlatform, start_login

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
MEGABYTE = 1024 * 1024


@pytest.fixture
def platform(app) -> TestPlatform:
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    return platform


def post_launch(client, platform, state: str, body: dict):
    return client.post("/lti/launch", data={"id_token": platform.sign(body), "state": state},
                       headers={"Accept": "application/json"})


def test_oversized_and_nul_text_is_cut_and_cleaned(app, client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    body = platform.claims(
        nonce, name="S" * MEGABYTE, email="x" * 10_000 + "@example.org",
        **{LTI + "context": {"id": "ctx-1", "title": "Cur\x00sus " + "t" * 10_000, "label": "L" * 5000},
           LTI + "resource_link": {"id": "rl-1", "title": "M" * 10_000}})
    assert post_launch(client, platform, state, body).status_code == 303
    with app.extensions["db"].session() as session:
        learner = session.scalar(select(Learner))
        context = session.scalar(select(CourseContext))
        link = session.scalar(select(ResourceLink))
        assert learner.name == "S" * NAME_MAX and learner.email is None
        assert len(context.title) == TITLE_MAX and context.title.startswith("Cursus ttt")
        assert context.label == "L" * LABEL_MAX and link.title == "M" * LINK_TITLE_MAX


@pytest.mark.parametrize(("claims", "name", "email"), [
    ({"name": "Sanne\x00 de Vries", "email": "sanne@example.org"}, "Sanne de Vries", "sanne@example.org"),
    ({"name": 12345, "email": "san\x00ne@example.org"}, None, None),
    ({"name": "", "given_name": "Sanne\x00", "family_name": "de Vries", "email": "geen adres"},
     "Sanne de Vries", None),
])
def test_names_and_emails_as_stored(app, client, platform, settings, claims, name, email):
    state, nonce = start_login(client, platform, settings.base_url)
    assert post_launch(client, platform, state, platform.claims(nonce, **claims)).status_code == 303
    with app.extensions["db"].session() as session:
        learner = session.scalar(select(Learner))
        assert (learner.name, learner.email) == (name, email)


@pytest.mark.parametrize(("overrides", "check"), [
    ({"sub": "u" * 256}, "sub"),
    ({"sub": "user\x00-1"}, "sub"),
    ({LTI + "deployment_id": "dep-1\x00"}, "deployment_id"),
    ({LTI + "context": {"id": "c" * 300, "title": "Cursus"}}, "context"),
    ({LTI + "context": {"id": {"nested": "object"}}}, "context"),
    ({LTI + "resource_link": {"id": "rl\x00", "title": "Module"}}, "resource_link"),
    ({LTI + "custom": {"content_item": "m" * 256}}, "custom"),
    ({AGS: {"lineitem": "https://lms.example.org/li/" + "9" * 2000, "scope": []}}, "lineitem"),
    ({LTI + "launch_presentation": {"return_url": "https://lms.example.org/\x00"}}, "return_url"),
])
def test_identifiers_that_do_not_fit_are_refused_without_spending_the_login(
        app, client, platform, settings, overrides, check):
    state, nonce = start_login(client, platform, settings.base_url)
    refused = post_launch(client, platform, state, platform.claims(nonce, **overrides))
    assert refused.status_code == 400, refused.get_data(as_text=True)
    problem = refused.get_json()
    assert problem["check"] == check and "tekens" in problem["detail"]
    assert post_launch(client, platform, state, platform.claims(nonce)).status_code == 303
    with app.extensions["db"].session() as session:
        assert len(session.scalars(select(LaunchSession)).all()) == 1


def test_a_nul_in_the_issuer_is_a_400_not_a_database_error(client, platform, settings):
    state, nonce = start_login(client, platform, settings.base_url)
    refused = post_launch(client, platform, state, platform.claims(nonce, iss=platform.issuer + "\x00"))
    assert refused.status_code == 400 and refused.get_json()["check"] == "iss"


@pytest.mark.parametrize(("method", "url", "form"), [
    ("GET", "/lti/login?iss=https://lms.example.org%00&login_hint=u&target_link_uri=x", None),
    ("POST", "/lti/login", {"iss": "https://lms.example.org", "login_hint": "u\x00"}),
    ("POST", "/lti/launch", {"id_token": "a.b.c", "state": "s\x00"}),
    ("GET", "/learn/m/rol%00/b/x", None),
    ("GET", "/brand/1.css?v=%00", None),
])
def test_a_nul_anywhere_in_a_request_is_a_400(client, platform, method, url, form):
    response = client.open(url, method=method, data=form, headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json()["check"] == "nul_byte"
