"""The outbox admin page: token-protected, lists what failed, retries with signed forms,
and edits an organisation's LRS without ever showing its secret."""

from __future__ import annotations

import re

import pytest

from lti_tool.models import LrsSettings, Organisation, OutboxMessage
from lti_tool.outbox import enqueue
from lti_tool.xapi.lrs_config import credentials

ADMIN_TOKEN = "admin-token-for-tests"
AUTH = ("beheer", ADMIN_TOKEN)


@pytest.fixture
def admin(monkeypatch):
    monkeypatch.setenv("ADMIN_TOKEN", ADMIN_TOKEN)


@pytest.fixture
def failed(app) -> list[int]:
    with app.extensions["db"].session() as session:
        dead = enqueue(session, kind="xapi_statement", target="lrs:1", payload={})
        dead.status, dead.attempts, dead.last_error = "dead", 12, "LRS antwoordde 503."
        rejected = enqueue(session, kind="ags_score", target="ags:1", payload={})
        rejected.status, rejected.attempts, rejected.last_error = "rejected", 1, "Platform weigerde (400)"
        enqueue(session, kind="ags_score", target="ags:1", payload={})  # pending: not listed
        session.flush()
        return [dead.id, rejected.id]


def form_token(page: str, action: str) -> str:
    match = re.search(rf'action="{re.escape(action)}".*?name="form_token" value="([^"]+)"', page, re.S)
    assert match, f"no form for {action}"
    return match.group(1)


def statuses(app) -> dict[int, tuple[str, int]]:
    with app.extensions["db"].session() as session:
        return {row.id: (row.status, row.attempts) for row in session.query(OutboxMessage)}


def test_without_admin_token_configured_the_page_does_not_exist(client, monkeypatch):
    monkeypatch.delenv("ADMIN_TOKEN", raising=False)
    assert client.get("/admin/outbox/", auth=AUTH).status_code == 404


@pytest.mark.parametrize("auth", [None, ("beheer", "wrong"), ("beheer", ADMIN_TOKEN + "x")])
def test_wrong_or_missing_token_is_refused(client, admin, auth):
    response = client.get("/admin/outbox/", auth=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_lists_dead_and_rejected_messages_accessibly(client, admin, failed):
    response = client.get("/admin/outbox/", auth=AUTH)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert '<html lang="nl">' in page
    for text in ("xapi_statement", "lrs:1", "LRS antwoordde 503.", "opgegeven na 12 pogingen",
                 "ags_score", "Platform weigerde (400)", "geweigerd na 1 poging"):
        assert text in page
    assert page.count('<tr>\n      <th scope="row">') == 2
    assert '<th scope="col">Laatste fout</th>' in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    for field in re.findall(r'<input (?![^>]*type="hidden")[^>]*id="([^"]+)"', page):
        assert f'<label for="{field}"' in page


def test_retry_one_needs_its_own_signed_form(app, client, admin, failed):
    dead, rejected = failed
    page = client.get("/admin/outbox/", auth=AUTH).text
    token = form_token(page, f"/admin/outbox/retry/{dead}")
    assert client.post(f"/admin/outbox/retry/{dead}", auth=AUTH).status_code == 400
    assert client.post(f"/admin/outbox/retry/{dead}", data={"form_token": "forged"},
                       auth=AUTH).status_code == 400
    assert client.post(f"/admin/outbox/retry/{rejected}", data={"form_token": token},
                       auth=AUTH).status_code == 400  # a token for another message
    assert client.post(f"/admin/outbox/retry/{dead}", data={"form_token": token}).status_code == 401
    response = client.post(f"/admin/outbox/retry/{dead}", data={"form_token": token}, auth=AUTH)
    assert response.status_code == 303
    assert statuses(app)[dead] == ("pending", 0)
    assert statuses(app)[rejected] == ("rejected", 1)
    assert "weer in de wachtrij" in client.get(response.headers["Location"], auth=AUTH).text


def test_retry_all(app, client, admin, failed):
    page = client.get("/admin/outbox/", auth=AUTH).text
    token = form_token(page, "/admin/outbox/retry-all")
    assert client.post("/admin/outbox/retry-all", data={"form_token": token}, auth=AUTH).status_code == 303
    assert set(statuses(app).values()) == {("pending", 0)}


def test_lrs_settings_form_stores_the_secret_encrypted_and_never_shows_it(app, client, admin):
    with app.extensions["db"].session() as session:
        organisation = Organisation(slug="org-x", name="Organisatie X")
        session.add(organisation)
        session.flush()
        org_id = organisation.id
    action = f"/admin/outbox/lrs/{org_id}"
    token = form_token(client.get("/admin/outbox/", auth=AUTH).text, action)
    form = {"form_token": token, "endpoint": "https://lrs.example.org/xAPI/", "key": "tool",
            "secret": "very-secret-value", "enabled": "on"}
    assert client.post(action, data=form, auth=AUTH).status_code == 303
    with app.extensions["db"].session() as session:
        row = session.get(LrsSettings, org_id)
        assert "very-secret-value" not in row.secret_encrypted
        assert credentials(row, app.config["SECRET_KEY"]).secret == "very-secret-value"
        assert row.endpoint == "https://lrs.example.org/xAPI"
        assert (row.enabled, row.identify_learners) == (True, False)
    page = client.get("/admin/outbox/", auth=AUTH).text
    assert "very-secret-value" not in page and "••••ue" in page

    keep = {**form, "secret": "", "identify_learners": "on"}
    assert client.post(action, data=keep, auth=AUTH).status_code == 303
    with app.extensions["db"].session() as session:
        row = session.get(LrsSettings, org_id)
        assert credentials(row, app.config["SECRET_KEY"]).secret == "very-secret-value"
        assert row.identify_learners is True

    bad = client.post(action, data={**form, "endpoint": "ftp://lrs.example.org"}, auth=AUTH)
    assert bad.status_code == 422 and "http:// of https://" in bad.text
    with_userinfo = client.post(action, data={**form, "endpoint": "https://u:p@lrs.example.org"}, auth=AUTH)
    assert with_userinfo.status_code == 422
    assert client.post(action, data={**form, "form_token": "x"}, auth=AUTH).status_code == 400
