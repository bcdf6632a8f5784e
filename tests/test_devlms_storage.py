"""Development LMS: LTI platform storage offered in the login initiation (the browser
side is in test_devlms_browser.py), and the valid launch variants of the signing API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from devlms.constants import AGS_CLAIM, CLAIM, INSTRUCTOR_ROLE, NRPS_CLAIM
from devlms.signing import LAUNCH_VARIANTS, launch_claims_variant, standard_launch_claims

PLACEMENT = "de-rol-van-de-werkbegeleider"


def choose(client, user: str = "devlms-learner-1") -> None:
    assert client.post("/devlms/login", data={"user": user}).status_code == 302


def initiation(client, query: str = "") -> dict:
    response = client.get(f"/devlms/launch/{PLACEMENT}/initiate{query}")
    assert response.status_code == 302
    return {key: values[0] for key, values in parse_qs(urlsplit(response.location).query).items()}


def test_login_initiation_offers_platform_storage_by_default(client, settings):
    choose(client)
    params = initiation(client)
    assert params["lti_storage_target"] == "_parent"
    assert params["target_link_uri"] == settings.base_url + "/lti/launch"
    assert "lti_storage_target" not in initiation(client, "?platform_storage=0")
    page = client.get(f"/devlms/launch/{PLACEMENT}").text
    assert f'data-tool-origin="{settings.base_url}"' in page
    assert "/devlms/static/platform_storage.js" in page and 'data-platform-storage="on"' in page
    off = client.get(f"/devlms/launch/{PLACEMENT}?platform_storage=0").text
    assert f'src="/devlms/launch/{PLACEMENT}/initiate?platform_storage=0"' in off
    assert "platform_storage.js" not in off


def test_platform_storage_setting_can_be_switched_off(client):
    choose(client)
    assert client.post("/devlms/_test/settings",
                       json={"platform_storage": False}).json["platform_storage"] is False
    assert "lti_storage_target" not in initiation(client)
    assert initiation(client, "?platform_storage=1")["lti_storage_target"] == "_parent"
    assert client.post("/devlms/_test/settings",
                       json={"platform_storage": "yes"}).status_code == 400


def test_csp_lets_the_launch_page_frame_only_the_tool(client, settings):
    choose(client)
    policy = client.get(f"/devlms/launch/{PLACEMENT}").headers["Content-Security-Policy"]
    assert f"frame-src 'self' {settings.base_url};" in policy
    assert "script-src" not in policy and "default-src 'self'" in policy


NAMES = {"name", "given_name", "family_name"}


@pytest.mark.parametrize("variant", sorted(LAUNCH_VARIANTS))
def test_launch_variants(app, settings, variant):
    db = app.extensions["db"]
    claims = launch_claims_variant(db, settings, variant, nonce="n-v")
    standard = standard_launch_claims(db, settings, user=LAUNCH_VARIANTS[variant], nonce="n-v")
    assert claims["nonce"] == "n-v" and claims["sub"] == standard["sub"]
    assert claims[CLAIM + "resource_link"] == standard[CLAIM + "resource_link"]
    roles = claims[CLAIM + "roles"]
    expected_roles = {
        "several_roles": lambda: len(roles) == 4 and roles[0] == INSTRUCTOR_ROLE,
        "short_role": lambda: roles == ["Instructor"],
        "unknown_role": lambda: roles == ["http://example.org/role#Astronaut"],
        "no_role": lambda: roles == [],
    }
    assert expected_roles.get(variant, lambda: roles == standard[CLAIM + "roles"])()
    present = NAMES & claims.keys()
    if variant in {"email_only", "no_personal_data"}:
        assert not present
    else:
        assert present == NAMES
    assert ("email" in claims) == (variant not in {"names_only", "no_personal_data"})
    for claim in (CLAIM + "context", AGS_CLAIM, NRPS_CLAIM):
        assert (claim in claims) == (variant != "no_context")
    with pytest.raises(ValueError):
        launch_claims_variant(db, settings, "martian", nonce="n")


def test_a_browser_preference_cookie_sits_between_query_and_setting(client):
    choose(client)
    client.set_cookie("devlms_platform_storage", "0", domain="localhost")
    assert "lti_storage_target" not in initiation(client)
    assert initiation(client, "?platform_storage=1")["lti_storage_target"] == "_parent"
    client.set_cookie("devlms_platform_storage", "1", domain="localhost")
    client.post("/devlms/_test/settings", json={"platform_storage": False})
    assert initiation(client)["lti_storage_target"] == "_parent"
