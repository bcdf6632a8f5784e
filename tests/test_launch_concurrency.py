"""A whole class opens a new course at the same moment: every first launch succeeds.

Real signed id_tokens, a real HTTP server with threads, and the launches posted behind a
``threading.Barrier`` so they hit the database together (issue 11: 9 of 10 got a 500 on
PostgreSQL from a duplicate key on ``course_contexts``, and their login was used up).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import requests
from sqlalchemy import func, select

from lti_tool.models import CourseContext, LaunchSession, Learner, ResourceLink
from tests.lti_platform import TestPlatform

CLASS_SIZE = 25


def _login(base_url: str, platform: TestPlatform, sub: str) -> tuple[str, str, dict[str, str]]:
    """The OIDC login step over HTTP: (state, nonce, the state cookie to send back)."""
    response = requests.get(base_url + "/lti/login", params={
        "iss": platform.issuer, "login_hint": sub, "client_id": platform.client_id,
        "target_link_uri": base_url + "/lti/launch"}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    return query["state"][0], query["nonce"][0], dict(response.cookies)


def test_a_class_launching_into_a_new_course_at_once_all_get_in(live_server, app):
    platform = TestPlatform()
    platform.register(app.extensions["db"])
    subs = [f"learner-{n}" for n in range(CLASS_SIZE)]
    prepared = []
    for sub in subs:
        state, nonce, cookies = _login(live_server, platform, sub)
        token = platform.sign(platform.claims(
            nonce, sub=sub, name=f"Deelnemer {sub}",
            **{"https://purl.imsglobal.org/spec/lti/claim/context": {
                "id": "new-course", "title": "Nieuwe cursus", "label": "NC-1"},
               "https://purl.imsglobal.org/spec/lti/claim/resource_link": {
                   "id": "new-link", "title": "Module 1"}}))
        prepared.append((state, token, cookies))
    barrier = threading.Barrier(CLASS_SIZE)

    def launch(item: tuple[str, str, dict[str, str]]) -> int:
        state, token, cookies = item
        barrier.wait(timeout=60)
        response = requests.post(live_server + "/lti/launch", data={"id_token": token, "state": state},
                                 headers={"Accept": "application/json"}, cookies=cookies,
                                 allow_redirects=False, timeout=120)
        return response.status_code

    with ThreadPoolExecutor(CLASS_SIZE) as pool:
        statuses = list(pool.map(launch, prepared))

    print(f"\n{CLASS_SIZE} simultaneous first launches: "
          f"{statuses.count(303)} succeeded, {sum(s >= 500 for s in statuses)} got a 5xx")
    assert statuses == [303] * CLASS_SIZE
    with app.extensions["db"].session() as session:
        count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(CourseContext) == 1 and count(ResourceLink) == 1
        assert count(Learner) == CLASS_SIZE and count(LaunchSession) == CLASS_SIZE
        assert session.scalar(select(CourseContext.title)) == "Nieuwe cursus"
