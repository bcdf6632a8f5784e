"""Helpers for the intervisie tests: a trainer, members, a group, a session (no tests here)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from lti_tool.models import Learner
from tests.test_learning_support import INSTRUCTOR, LEARNER, make_launch


@dataclass
class Person:
    token: str
    learner_id: int
    sub: str


# A werkbegeleider's case, as the tests' inbrenger writes it.
CASE = "Mijn nieuwe collega komt vaak te laat en zegt dan niets. Ik weet niet hoe ik het aankaart."
FOUR = ("Anna Bakker", "Bram Kok", "Cem Aydin", "Dewi Lim")


def person(app, *, trainer: bool = False, name: str | None = None) -> Person:
    sub = f"{'trainer' if trainer else 'wb'}-{secrets.token_hex(4)}"
    info = make_launch(app, content_item_id="intervisie", sub=sub,
                       roles=(INSTRUCTOR,) if trainer else (LEARNER,))
    if name:
        with app.extensions["db"].session() as session:
            session.get(Learner, info.learner_id).name = name
    return Person(info.token, info.learner_id, sub)


def form_group(client, trainer: Person, members: list[Person], name: str = "Groep Noord",
               regional: bool = False) -> tuple[int, str]:
    """The trainer makes a group with ``members``; returns its id and join code."""
    data: dict = {"lt": trainer.token, "name": name, "member": [m.sub for m in members],
                  "idem": secrets.token_urlsafe(18)}
    if regional:
        data["regional"] = "1"
    response = client.post("/intervisie/groepen", data=data)
    assert response.status_code == 303, response.text
    group_id = int(re.search(r"#groep-(\d+)", response.headers["Location"]).group(1))
    page = client.get(f"/intervisie/trainer?lt={trainer.token}").text
    code = re.search(rf'id="groep-{group_id}".*?data-code>([A-Z0-9]+)<', page, re.S).group(1)
    return group_id, code


def group_of_four(app, client) -> tuple[Person, list[Person], int, str]:
    """A trainer and a group of four werkbegeleiders: trainer, members, group id, join code."""
    trainer = person(app, trainer=True)
    members = [person(app, name=name) for name in FOUR]
    group_id, code = form_group(client, trainer, members)
    return trainer, members, group_id, code


def start_session(client, inbrenger: Person, group_id: int, method: str = "incidentmethode",
                  mode: str = "live") -> int:
    response = client.post(f"/intervisie/g/{group_id}/sessies", data={
        "lt": inbrenger.token, "method": method, "mode": mode, "idem": secrets.token_urlsafe(18)})
    assert response.status_code == 303, response.text
    return int(re.search(r"/intervisie/s/(\d+)", response.headers["Location"]).group(1))


def write(client, who: Person, session_id: int, step: str, text: str, *, confirmed: bool = False,
          key: str | None = None):
    data = {"lt": who.token, "step": step, "text": text, "idem": key or secrets.token_urlsafe(18)}
    if confirmed:
        data["confirmed"] = "1"
    return client.post(f"/intervisie/s/{session_id}/schrijven", data=data)


def close(client, who: Person, session_id: int, index: int):
    return client.post(f"/intervisie/s/{session_id}/volgende",
                       data={"lt": who.token, "step_index": str(index)})
