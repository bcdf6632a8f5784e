"""Helpers for the Samenleer tests: a professional with a track, and a guided person who
signs in through the invite (no tests in this file)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from lti_tool.models import Organisation, PlatformRegistration
from lti_tool.samenleer.content import get_themes
from lti_tool.web import issue_launch_token
from tests.conftest_ralph import make_launch_row, make_organisation
from tests.test_learning_support import make_launch

CODE = "4826"


@dataclass
class Pro:
    token: str
    learner_id: int


@dataclass
class Guest:
    path: str  # /s/<invite>
    token: str  # the guest session token (gt)


def professional(app, sub: str | None = None) -> Pro:
    info = make_launch(app, content_item_id="samenleer", sub=sub)
    return Pro(info.token, info.learner_id)


def organisation_professional(app, slug: str) -> Pro:
    """A professional whose launch came through organisation ``slug``'s own platform."""
    database = app.extensions["db"]
    with database.session() as session:
        organisation = session.query(Organisation).filter_by(slug=slug).first()
        registration = (session.query(PlatformRegistration).filter_by(
            organisation_id=organisation.id).first() if organisation
            else make_organisation(session, slug)[1])
        row = make_launch_row(session, registration, sub=f"pro-{uuid.uuid4().hex[:6]}",
                              content_item_id="samenleer")
        session_id, learner_id = row.id, row.learner_id
    with app.test_request_context():
        return Pro(issue_launch_token(session_id), learner_id)


def new_track(client, pro: Pro, label: str = "Ali", visual: bool = False) -> int:
    data = {"lt": pro.token, "label": label}
    if visual:
        data["visual"] = "1"
    response = client.post("/samenleer/trajecten", data=data)
    assert response.status_code == 303, response.text
    return int(re.search(r"/samenleer/t/(\d+)", response.headers["Location"]).group(1))


def invite_link(client, pro: Pro, track_id: int) -> str:
    response = client.post(f"/samenleer/t/{track_id}/uitnodiging", data={"lt": pro.token})
    assert response.status_code == 200, response.text
    return re.search(r'id="invite-link" value="([^"]+)"', response.text).group(1)


def invite_path(link: str) -> str:
    return urlsplit(link).path.rstrip("/")


def sign_in(client, path: str, code: str = CODE, first_time: bool = True) -> Guest:
    data = {"code": code, "repeat": code} if first_time else {"code": code}
    response = client.post(path + "/", data=data)
    assert response.status_code == 303, response.text
    token = parse_qs(urlsplit(response.headers["Location"]).query)["gt"][0]
    return Guest(path, token)


def start_round(client, pro: Pro, track_id: int) -> None:
    assert client.post(f"/samenleer/t/{track_id}/rondes", data={"lt": pro.token}).status_code == 303


def steps(app) -> int:
    with app.app_context():
        return len(get_themes(app.extensions["settings"]).themes) + 1


def _form(token: tuple[str, str], step: int, scores: list[int | None], texts: dict,
          topics: dict) -> dict:
    """A question page's form: ``scores`` by position, ``texts`` and ``topics`` by step."""
    data: dict = {token[0]: token[1], "text": texts.get(step, ""), "topic": topics.get(step, [])}
    if step <= len(scores) and scores[step - 1] is not None:
        data["score"] = str(scores[step - 1])
    return data


def guest_answers(client, app, guest: Guest, scores: list[int | None], texts: dict | None = None,
                  done: bool = True, topics: dict | None = None) -> None:
    for step in range(1, steps(app) + 1):
        data = _form(("gt", guest.token), step, scores, texts or {}, topics or {})
        assert client.post(f"{guest.path}/vraag/{step}", data=data).status_code == 303
    if done:
        assert client.post(f"{guest.path}/klaar", data={"gt": guest.token}).status_code == 303


def pro_answers(client, app, pro: Pro, track_id: int, scores: list[int | None],
                texts: dict | None = None, done: bool = True, number: int = 1,
                topics: dict | None = None) -> None:
    base = f"/samenleer/t/{track_id}/r/{number}"
    for step in range(1, steps(app) + 1):
        data = _form(("lt", pro.token), step, scores, texts or {}, topics or {})
        assert client.post(f"{base}/vraag/{step}", data=data).status_code == 303
    if done:
        assert client.post(f"{base}/klaar", data={"lt": pro.token}).status_code == 303


def tracked(app, pro: Pro, client, label: str = "Ali", visual: bool = False
            ) -> tuple[int, Guest]:
    """A track with a signed-in guest and a running first round."""
    track_id = new_track(client, pro, label, visual)
    guest = sign_in(client, invite_path(invite_link(client, pro, track_id)))
    start_round(client, pro, track_id)
    return track_id, guest


def client_at(app, address: str):
    """A test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client
