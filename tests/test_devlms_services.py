"""Development LMS services: client-credentials token endpoint, AGS 2.0 and NRPS 2.0.

The tool's JWKS is served by replacing the devlms's fetch function, so these tests
do not depend on the tool's own key endpoint.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

from devlms import toolkeys

CLIENT_ID = "werkbegeleiding-tool"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
SCORE, RESULT, LINEITEM = AGS + "score", AGS + "result.readonly", AGS + "lineitem"
LINEITEM_RO = AGS + "lineitem.readonly"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
CONTEXT = "/devlms/ags/course-werkbegeleiding/lineitems"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"


def _pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _jwk(pem: str, kid: str) -> dict:
    public = JWK.from_pem(pem.encode()).export_public(as_dict=True)
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return public


@pytest.fixture(scope="module")
def tool_pem() -> str:
    return _pem()


@pytest.fixture(scope="module")
def other_pem() -> str:
    return _pem()


@pytest.fixture
def tool_jwks(monkeypatch, tool_pem) -> dict:
    """The key set the devlms 'fetches' from the tool; mutate it to rotate keys."""
    jwks = {"keys": [_jwk(tool_pem, "tool-key-1")]}
    fetched: list[str] = []

    def fake_fetch(url: str) -> dict:
        fetched.append(url)
        return {"keys": list(jwks["keys"])}

    monkeypatch.setattr(toolkeys, "fetch_tool_jwks", fake_fetch)
    jwks["fetched"] = fetched
    return jwks


def assertion(settings, pem: str, kid: str = "tool-key-1", **overrides) -> str:
    now = int(time.time())
    claims = {"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": settings.devlms_base_url + "/token",
              "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})


def request_token(client, client_assertion: str, scope: str = f"{SCORE} {RESULT}", **form):
    data = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": client_assertion, "scope": scope}
    data.update(form)
    return client.post("/devlms/token", data=data)


@pytest.fixture
def bearer(client, settings, tool_jwks, tool_pem):
    """``bearer(scope...)`` -> Authorization headers with a fresh access token."""

    def make(*scopes: str) -> dict:
        response = request_token(client, assertion(settings, tool_pem), " ".join(scopes))
        assert response.status_code == 200, response.json
        return {"Authorization": "Bearer " + response.json["access_token"]}

    return make


def lineitem_id(client, bearer) -> str:
    items = client.get(CONTEXT, headers=bearer(LINEITEM_RO)).json
    return items[0]["id"]


def path_of(url: str) -> str:
    return url[url.index("/devlms/"):]


def score(user: str = "devlms-learner-1", given: float = 80, when: datetime | None = None,
          **overrides) -> dict:
    body = {"userId": user, "scoreGiven": given, "scoreMaximum": 100,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": (when or datetime.now(UTC)).isoformat()}
    body.update(overrides)
    return {name: value for name, value in body.items() if value is not None}


def post_score(client, headers: dict, url: str, body: dict):
    return client.post(path_of(url) + "/scores", json=body,
                       headers={**headers, "Content-Type": SCORE_TYPE})


# ---- token endpoint -------------------------------------------------------------------

def test_token_endpoint_grants_the_requested_known_scopes(client, settings, tool_jwks, tool_pem):
    response = request_token(client, assertion(settings, tool_pem),
                             f"{SCORE} {RESULT} https://example.org/unknown-scope")
    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == f"{SCORE} {RESULT}"
    assert response.headers["Cache-Control"] == "no-store"
    assert tool_jwks["fetched"] == [settings.base_url + "/lti/jwks"]
    # The access token is signed by the devlms and audience-bound to it.
    header = jwt.get_unverified_header(body["access_token"])
    keys = {key["kid"]: key for key in client.get("/devlms/jwks").json["keys"]}
    claims = jwt.decode(body["access_token"], jwt.PyJWK(keys[header["kid"]]).key,
                        algorithms=["RS256"], audience=settings.devlms_base_url)
    assert claims["sub"] == CLIENT_ID and claims["scope"] == body["scope"]


@pytest.mark.parametrize("overrides, error", [
    ({"aud": "http://localhost/elsewhere/token"}, "invalid_client"),
    ({"exp": int(time.time()) - 60, "iat": int(time.time()) - 400}, "invalid_client"),
    ({"iss": "someone-else"}, "invalid_client"),
    ({"sub": "someone-else"}, "invalid_client"),
    ({"jti": None}, "invalid_client"),
])
def test_token_endpoint_refuses_bad_assertions(client, settings, tool_jwks, tool_pem,
                                               overrides, error):
    response = request_token(client, assertion(settings, tool_pem, **overrides))
    assert response.status_code == 401
    assert response.json["error"] == error and response.json["error_description"]


def test_token_endpoint_refuses_a_bad_signature(client, settings, tool_jwks, other_pem):
    response = request_token(client, assertion(settings, other_pem))
    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"


def test_token_endpoint_refuses_a_reused_jti(client, settings, tool_jwks, tool_pem):
    signed = assertion(settings, tool_pem)
    assert request_token(client, signed).status_code == 200
    again = request_token(client, signed)
    assert again.status_code == 401
    assert "jti" in again.json["error_description"]


@pytest.mark.parametrize("form, status, error", [
    ({"grant_type": "authorization_code"}, 400, "unsupported_grant_type"),
    ({"scope": "https://example.org/only-unknown"}, 400, "invalid_scope"),
    ({"scope": ""}, 400, "invalid_request"),
    ({"client_assertion_type": "urn:other"}, 401, "invalid_client"),
])
def test_token_endpoint_request_errors(client, settings, tool_jwks, tool_pem, form, status, error):
    signed = assertion(settings, tool_pem)
    response = request_token(client, signed, **{"scope": SCORE, **form})
    assert response.status_code == status
    assert response.json["error"] == error


def test_unknown_kid_refetches_the_tool_jwks_once(client, settings, tool_jwks, tool_pem,
                                                  other_pem):
    assert request_token(client, assertion(settings, tool_pem)).status_code == 200
    tool_jwks["keys"].append(_jwk(other_pem, "tool-key-2"))  # the tool rotated its key
    assert request_token(client, assertion(settings, other_pem, kid="tool-key-2")).status_code \
        == 200
    assert len(tool_jwks["fetched"]) == 2
    assert request_token(client, assertion(settings, tool_pem)).status_code == 200
    assert len(tool_jwks["fetched"]) == 2  # known kids come from the cache
    refused = request_token(client, assertion(settings, other_pem, kid="no-such-kid"))
    assert refused.status_code == 401
    assert len(tool_jwks["fetched"]) == 3


# ---- AGS --------------------------------------------------------------------------------

def test_scores_are_stored_and_read_back_as_results(client, bearer):
    url = lineitem_id(client, bearer)
    headers = bearer(SCORE, RESULT)
    start = datetime.now(UTC) - timedelta(minutes=5)
    pending = score(given=40, when=start, gradingProgress="Pending",
                    activityProgress="Submitted")
    assert post_score(client, headers, url, pending).status_code == 200
    results = client.get(path_of(url) + "/results", headers=headers)
    assert results.status_code == 200
    assert results.content_type == "application/vnd.ims.lis.v2.resultcontainer+json"
    (row,) = results.json
    assert "resultScore" not in row  # like Moodle: not FullyGraded, so no grade yet
    final = score(given=45, when=start + timedelta(seconds=2), scoreMaximum=50,
                  comment="Goed gedaan")
    assert post_score(client, headers, url, final).status_code == 200
    other = score(user="devlms-learner-2", given=10, when=start)
    assert post_score(client, headers, url, other).status_code == 200
    rows = client.get(path_of(url) + "/results", headers=headers).json
    assert [r["userId"] for r in rows] == ["devlms-learner-1", "devlms-learner-2"]
    assert rows[0]["resultScore"] == 90.0 and rows[0]["resultMaximum"] == 100.0
    assert rows[0]["scoreOf"] == url and rows[0]["comment"] == "Goed gedaan"
    only = client.get(path_of(url) + "/results?user_id=devlms-learner-2", headers=headers).json
    assert [r["userId"] for r in only] == ["devlms-learner-2"]


def test_gradebook_shows_what_arrived(client, bearer):
    url = lineitem_id(client, bearer)
    when = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert post_score(client, bearer(SCORE), url, score(given=73, when=when)).status_code == 200
    client.post("/devlms/login", data={"user": "devlms-instructor-1"})
    page = client.get("/devlms/gradebook").text
    assert "73 / 100" in page and "Completed, FullyGraded" in page
    assert "2026-03-01 12:00:00" in page


def test_score_not_newer_than_the_last_is_a_conflict(client, bearer):
    url = lineitem_id(client, bearer)
    headers = bearer(SCORE)
    when = datetime(2026, 3, 1, 12, 0, 0, 100000, tzinfo=UTC)
    assert post_score(client, headers, url, score(when=when)).status_code == 200
    older = post_score(client, headers, url, score(when=when - timedelta(seconds=5)))
    assert older.status_code == 409
    # Moodle compares whole seconds: later in the same second is not newer.
    same_second = post_score(client, headers, url, score(when=when + timedelta(milliseconds=500)))
    assert same_second.status_code == 409
    assert post_score(client, headers, url,
                      score(when=when + timedelta(seconds=1))).status_code == 200


def test_timestamps_with_an_offset_are_compared_as_instants(client, bearer):
    url = lineitem_id(client, bearer)
    headers = bearer(SCORE, RESULT)
    amsterdam = timezone(timedelta(hours=1))
    when = datetime(2026, 3, 1, 13, 0, 0, tzinfo=amsterdam)
    assert post_score(client, headers, url, score(when=when)).status_code == 200
    same_instant = when.astimezone(UTC)
    assert post_score(client, headers, url, score(when=same_instant)).status_code == 409
    (row,) = client.get(path_of(url) + "/results", headers=headers).json
    assert row["timestamp"] == "2026-03-01T12:00:00+00:00"


@pytest.mark.parametrize("user", ["devlms-instructor-1", "devlms-admin", "nobody"])
def test_only_learners_can_be_graded(client, bearer, user):
    url = lineitem_id(client, bearer)
    response = post_score(client, bearer(SCORE), url, score(user=user))
    assert response.status_code == 400
    assert response.json == {"error": "user cannot be graded"}


@pytest.mark.parametrize("overrides", [
    {"timestamp": "gisteren"},
    {"timestamp": "2026-03-01T12:00:00"},  # no time zone
    {"timestamp": None},
    {"activityProgress": "Done"},
    {"gradingProgress": None},
    {"userId": None},
    {"scoreGiven": -1},
    {"scoreGiven": "80"},
    {"scoreMaximum": None},
])
def test_invalid_scores_are_refused(client, bearer, overrides):
    url = lineitem_id(client, bearer)
    response = post_score(client, bearer(SCORE), url, score(**overrides))
    assert response.status_code == 400
    assert response.json["error"]


def test_score_above_maximum_is_allowed(client, bearer):
    url = lineitem_id(client, bearer)
    assert post_score(client, bearer(SCORE), url, score(given=120)).status_code == 200


def test_score_media_type_is_required(client, bearer):
    url = lineitem_id(client, bearer)
    response = client.post(path_of(url) + "/scores", json=score(), headers=bearer(SCORE))
    assert response.status_code == 415


def test_services_need_a_valid_bearer_with_the_right_scope(app, client, settings, bearer):
    url = lineitem_id(client, bearer)
    assert post_score(client, {}, url, score()).status_code == 401
    assert post_score(client, {"Authorization": "Bearer not-a-jwt"}, url,
                      score()).status_code == 401
    # An id_token is signed by the same key, but it is no access token.
    from devlms.signing import sign_id_token, standard_launch_claims
    db = app.extensions["db"]
    id_token = sign_id_token(db, settings, standard_launch_claims(db, settings, nonce="n"))
    assert post_score(client, {"Authorization": f"Bearer {id_token}"}, url,
                      score()).status_code == 401
    refused = post_score(client, bearer(RESULT), url, score())
    assert refused.status_code == 403
    assert refused.json["error"] == "insufficient_scope"
    assert client.get(path_of(url) + "/results", headers=bearer(SCORE)).status_code == 403
    assert client.post(CONTEXT, json={}, headers=bearer(LINEITEM_RO)).status_code == 403
    assert client.get("/devlms/nrps/course-werkbegeleiding/memberships",
                      headers=bearer(SCORE)).status_code == 403


def test_fault_hook_answers_the_next_score_posts(client, bearer):
    url = lineitem_id(client, bearer)
    headers = bearer(SCORE)
    assert client.post("/devlms/_test/faults", json={"scores": [500, 429]}).status_code == 200
    first = post_score(client, headers, url, score())
    assert first.status_code == 500
    second = post_score(client, headers, url, score())
    assert second.status_code == 429 and second.headers["Retry-After"]
    assert post_score(client, headers, url, score()).status_code == 200
    assert client.post("/devlms/_test/faults", json={"scores": ["boom"]}).status_code == 400


def test_fault_hook_is_closed_in_production(app, client, settings):
    app.config["TESTING"] = False
    app.extensions["settings"] = settings.with_overrides(environment="production")
    assert client.post("/devlms/_test/faults", json={"scores": [500]}).status_code == 404


def test_line_item_lifecycle_and_filters(client, bearer, settings):
    headers = {**bearer(LINEITEM), "Content-Type": LINEITEM_TYPE}
    listing = client.get(CONTEXT, headers=headers)
    assert listing.content_type == "application/vnd.ims.lis.v2.lineitemcontainer+json"
    (seeded,) = listing.json
    assert seeded["label"] == "De rol van de werkbegeleider"
    assert seeded["scoreMaximum"] == 100
    assert seeded["resourceId"] == "rol-van-de-werkbegeleider"
    assert seeded["resourceLinkId"] == "de-rol-van-de-werkbegeleider"
    created = client.post(CONTEXT, headers=headers, json={
        "label": "Quiz", "scoreMaximum": 10, "resourceId": "quiz-1", "tag": "quiz",
        "resourceLinkId": "de-rol-van-de-werkbegeleider"})
    assert created.status_code == 201
    assert created.content_type == LINEITEM_TYPE
    item = created.json
    assert item["id"].startswith(settings.devlms_base_url + "/ags/course-werkbegeleiding/")
    assert [i["label"] for i in client.get(CONTEXT + "?tag=quiz", headers=headers).json] == \
        ["Quiz"]
    assert [i["label"] for i in client.get(CONTEXT + "?resource_id=rol-van-de-werkbegeleider",
                                           headers=headers).json] == [seeded["label"]]
    by_link = client.get(CONTEXT + "?resource_link_id=de-rol-van-de-werkbegeleider",
                         headers=headers).json
    assert len(by_link) == 2
    page = client.get(CONTEXT + "?limit=1", headers=headers)
    assert len(page.json) == 1 and 'rel="next"' in page.headers["Link"]
    updated = client.put(path_of(item["id"]), headers=headers,
                         json={"label": "Quiz (herzien)", "scoreMaximum": 20})
    assert updated.status_code == 200 and updated.json["scoreMaximum"] == 20
    assert updated.json["resourceLinkId"] == "de-rol-van-de-werkbegeleider"  # PUT keeps it
    assert client.get(path_of(item["id"]), headers=headers).json["label"] == "Quiz (herzien)"
    bad = client.post(CONTEXT, headers=headers, json={"label": "", "scoreMaximum": 0})
    assert bad.status_code == 400
    assert client.delete(path_of(item["id"]), headers=headers).status_code == 204
    assert client.get(path_of(item["id"]), headers=headers).status_code == 404
    assert client.get("/devlms/ags/other-course/lineitems", headers=headers).status_code == 404


def test_deleting_a_line_item_deletes_its_scores(client, bearer):
    headers = {**bearer(LINEITEM, SCORE), "Content-Type": LINEITEM_TYPE}
    item = client.post(CONTEXT, headers=headers, json={"label": "Tijdelijk",
                                                       "scoreMaximum": 5}).json
    assert post_score(client, headers, item["id"], score(given=4)).status_code == 200
    assert client.delete(path_of(item["id"]), headers=headers).status_code == 204


# ---- NRPS -------------------------------------------------------------------------------

def test_memberships_page_with_link_headers_and_role_filter(client, bearer, settings):
    headers = bearer(NRPS)
    url = "/devlms/nrps/course-werkbegeleiding/memberships"
    first = client.get(url + "?limit=2", headers=headers)
    assert first.status_code == 200
    assert first.content_type == "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
    body = first.json
    assert body["id"] == settings.devlms_base_url + url.removeprefix("/devlms")
    assert body["context"] == {"id": "course-werkbegeleiding", "label": "WB-2026",
                               "title": "Werkbegeleiding in de praktijk"}
    seen = [member["user_id"] for member in body["members"]]
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"') and link.startswith("<" + settings.devlms_base_url)
    second = client.get(path_of(link[1:link.index(">")]), headers=headers)
    seen += [member["user_id"] for member in second.json["members"]]
    assert "Link" not in second.headers
    assert sorted(seen) == ["devlms-admin", "devlms-instructor-1", "devlms-learner-1",
                            "devlms-learner-2"]
    learners = client.get(url + "?role=Learner", headers=headers).json["members"]
    assert [m["user_id"] for m in learners] == ["devlms-learner-1", "devlms-learner-2"]
    sanne = learners[0]
    assert sanne["status"] == "Active" and sanne["email"] == "sanne@example.org"
    assert sanne["roles"] == ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
    full = client.get(url, headers=headers,
                      query_string={"role": "http://purl.imsglobal.org/vocab/lis/v2/"
                                            "membership#Instructor"}).json["members"]
    assert [m["user_id"] for m in full] == ["devlms-admin", "devlms-instructor-1"]
    assert client.get(url + "?limit=abc", headers=headers).status_code == 400
    assert client.get(url).status_code == 401


def test_memberships_link_rel_can_be_unquoted(client, bearer, settings):
    headers = bearer(NRPS)
    url = "/devlms/nrps/course-werkbegeleiding/memberships"
    unquoted = client.get(url + "?limit=2&link_rel_style=unquoted", headers=headers)
    link = unquoted.headers["Link"]
    assert link.endswith(">; rel=next") and "link_rel_style=unquoted" in link
    second = client.get(path_of(link[1:link.index(">")]), headers=headers)
    assert second.status_code == 200 and len(second.json["members"]) == 2
    assert client.get(url + "?limit=2&link_rel_style=quoted",
                      headers=headers).headers["Link"].endswith('; rel="next"')
    assert client.get(url + "?link_rel_style=sideways", headers=headers).status_code == 400
    # The process-wide default, for tools that follow the claim's URL as it is.
    hook = client.post("/devlms/_test/settings", json={"link_rel_style": "unquoted"})
    assert hook.json == {"platform_storage": True, "link_rel_style": "unquoted"}
    assert client.get(url + "?limit=2", headers=headers).headers["Link"].endswith("; rel=next")
    assert client.post("/devlms/_test/settings", json={"link_rel_style": "x"}).status_code == 400
