"""The outbox admin page: token-protected, lists what failed, retries with signed forms,
and edits an organisation's LRS without ever showing its secret."""

from __future__ import annotations

import re
import threading

import pytest
from conftest import ADMIN_TOKEN
from grades_support import A_LINK, A, B, place
from grades_support import Learner as DevLearner
from sqlalchemy import event, update

from lti_tool.content import get_course
from lti_tool.models import LrsSettings, Organisation, OutboxMessage
from lti_tool.outbox import enqueue
from lti_tool.security_headers import style_source
from lti_tool.xapi.lrs_config import credentials

AUTH = ("admin", ADMIN_TOKEN)


@pytest.fixture
def admin(admin_auth):
    return admin_auth


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


def test_without_admin_token_configured_the_page_does_not_exist(client):
    assert client.get("/admin/outbox/", auth=AUTH).status_code == 404


@pytest.mark.parametrize("auth", [None, ("admin", "wrong"), ("admin", ADMIN_TOKEN + "x"),
                                  ("beheer", ADMIN_TOKEN)])
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
    assert page.count('<tr data-message=') == 2
    assert '<th scope="col">Laatste fout</th>' in page
    # Nothing inline (the CSP allows scripts and styles from the tool's own files only), but
    # the critical CSS, which the page's CSP allows by its hash (lti_tool/page_style.py).
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)
    assert "style=" not in page
    for css in re.findall(r"<style>(.*?)</style>", page, re.DOTALL):
        assert style_source(css) in response.headers["Content-Security-Policy"]
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


def test_admin_pages_refuse_framing_and_lti_pages_allow_it(client, admin):
    admin_page = client.get("/admin/outbox/", auth=AUTH)
    assert admin_page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in admin_page.headers["Content-Security-Policy"]
    refused = client.get("/admin/outbox/", auth=("admin", "wrong"))
    assert refused.headers["X-Frame-Options"] == "DENY"
    tool_page = client.get("/")
    assert "X-Frame-Options" not in tool_page.headers
    assert "frame-ancestors *" in tool_page.headers["Content-Security-Policy"]


def test_failed_logins_are_throttled_per_network_even_in_parallel(app, admin):
    from lti_tool.admin.auth import LOGIN

    limit = LOGIN.windows[0].limit
    barrier = threading.Barrier(3 * limit)
    statuses: list[int] = []

    def guess(n: int) -> None:
        own = app.test_client()
        own.environ_base["REMOTE_ADDR"] = f"203.0.113.{n}"
        barrier.wait()
        statuses.append(own.get("/admin/outbox/", auth=("admin", f"guess-{n}")).status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(3 * limit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(set(statuses)) == [401, 429] and statuses.count(401) == limit
    neighbour = app.test_client()
    neighbour.environ_base["REMOTE_ADDR"] = "203.0.113.250"
    locked = neighbour.get("/admin/outbox/", auth=AUTH)  # even the right token, from that network
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.1"
    assert elsewhere.get("/admin/outbox/", auth=AUTH).status_code == 200


def test_the_right_token_does_not_use_up_the_tries(app, admin):
    from lti_tool.admin.auth import LOGIN

    operator = app.test_client()
    for _page in range(LOGIN.windows[0].limit + 5):
        assert operator.get("/admin/outbox/", auth=AUTH).status_code == 200


def test_rows_name_the_learner_module_and_course_of_a_failed_score(live_server, app, settings, admin):
    """Scores of two learners, one to a known column and one still looking for its column,
    all given up: each row says whose score it was, for which module, in which course."""
    place(app, "Een nieuwe collega inwerken", B)
    sanne = DevLearner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    sanne.complete(B)  # inside A's activity: its column is looked up by the worker
    DevLearner.launch(settings, "devlms-learner-2", A_LINK).complete(A)
    with app.extensions["db"].session() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.kind == "ags_score")
                        .values(status="dead", attempts=12, last_error="Platform antwoordde 503."))
    client = app.test_client()
    statements: list[str] = []
    event.listen(app.extensions["db"].engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    page = client.get("/admin/outbox/", auth=AUTH).text
    course = get_course(settings)
    rows = re.findall(r'<tr data-message="\d+">(.*?)</tr>', page, re.S)
    described = {(re.search(r"<td data-learner>(.*?)</td>", row).group(1),
                  re.search(r"<td data-module>([^<]*)", row).group(1),
                  re.search(r"<span class=\"hint\" data-course>cursus: (.*?)</span>", row).group(1))
                 for row in rows}
    assert described == {("Sanne de Vries", course.module(A).title, "Werkbegeleiding in de praktijk"),
                         ("Sanne de Vries", course.module(B).title, "Werkbegeleiding in de praktijk"),
                         ("Mohammed El Amrani", course.module(A).title, "Werkbegeleiding in de praktijk")}
    queries = len(statements)
    DevLearner.launch(settings, "devlms-learner-2", A_LINK).complete(B)
    with app.extensions["db"].session() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.kind == "ags_score")
                        .values(status="dead"))
    statements.clear()
    assert client.get("/admin/outbox/", auth=AUTH).text.count("<tr data-message=") > len(rows)
    assert len(statements) == queries, "one query per kind of fact, not one per row"
