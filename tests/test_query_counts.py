"""How many SQL statements a login + launch and each learner page send (issue 16).

Statement counts are deterministic (timings are not): each ceiling here is what the
code sends now, so a change that adds a query per page, or reads the registration once
more per launch, fails here instead of only showing in ``benchmarks/pages.py``.
Several learners in two organisations are launched first, so a count that grew with
the data would show.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event

from lti_tool.content import get_course
from lti_tool.lti.vocabulary import Claim, Scope
from lti_tool.web import TOKEN_PARAM
from lti_tool.xapi.lrs_config import save_lrs
from tests.lti_platform import TestPlatform, start_login

MODULE = "rol-van-de-werkbegeleider"
QUIZ = "rol-quiz"
# Login: the registration, and its state and nonce stored (2: expired ones cleared, one
# INSERT; with Redis these are one pipelined round trip and no SQL). Launch: the registration
# (with its active deployments, organisation's platform name and whether the LRS is enabled),
# state and nonce checked and consumed (2, likewise), learner, context and link upserted, the
# launch session (on PostgreSQL these four are one statement: 3 fewer); with an enabled LRS
# also the statement queued (its facts come from the launch, the LRS settings came with the
# registration). Before issue 16: 25 and 27; then 10 and 12 on both databases.
LAUNCH_CEILING = {False: 10, True: 11}
POSTGRES_FEWER = 3
PAGES_CEILING = {"course page": 5, "block page": 5,
                 # A retake: the launch token; the progress row locked and read with its blocks
                 # done, the learner's place and the score's second in one UPDATE … RETURNING;
                 # the answers of the block and of the module's scored blocks (one read, after
                 # the lock); the answer; the score with the xAPI statement in one INSERT.
                 # On SQLite the answers come with the UPDATE, and the score and the xAPI
                 # statement are one INSERT each (it has no multi-row INSERT whose RETURNING
                 # keeps the rows' order). Was 25, then 11, then 9 (10 on SQLite).
                 "answer POST": 5}
# The first answer in a module also marks the block done and remembers the module's gradebook
# column (grade_columns, and on the progress row that it is known): 3 more, once.
FIRST_EXTRA = {"answer POST": 3}


@dataclass
class Statements:
    seen: list[str] = field(default_factory=list)

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        self.seen.append(" ".join(statement.split())[:120])


@contextmanager
def counted(app) -> Iterator[Statements]:
    """Every statement the request engine and the state store's side engine send."""
    database = app.extensions["db"]
    engines = {id(e): e for e in (database.engine, database.side().engine)}.values()
    statements = Statements()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", statements)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statements)


@pytest.fixture
def platforms(app) -> list[TestPlatform]:
    """Two organisations, each with its own platform; the second has an LRS (xAPI on)."""
    database = app.extensions["db"]
    first = TestPlatform()
    second = TestPlatform(issuer="https://lms.other.example.org", organisation_slug="org-b")
    first.register(database)
    second.register(database)
    from lti_tool.models import Organisation

    with database.session() as session:
        org = session.query(Organisation).filter_by(slug="org-b").one()
        save_lrs(session, org, app.config["SECRET_KEY"], endpoint="http://127.0.0.1:9/xAPI",
                 key="k", secret="secret-123456", enabled=True, identify_learners=False)
    return [first, second]


def login_and_launch(client, platform: TestPlatform, base_url: str, sub: str):
    """A learner's launch with a gradebook column (AGS), as Moodle sends it."""
    state, nonce = start_login(client, platform, base_url)
    ags = {"scope": [Scope.SCORE], "lineitem": platform.issuer + "/lineitems/1"}
    token = platform.sign(platform.claims(nonce, sub=sub, **{Claim.AGS_ENDPOINT: ags}))
    return client.post("/lti/launch", data={"id_token": token, "state": state})


def launch_token(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(response.headers["Location"]).query)[TOKEN_PARAM][0]


@pytest.mark.parametrize("with_lrs", [False, True], ids=["no-lrs", "lrs"])
def test_login_and_launch_stay_within_their_statements(app, client, settings, platforms, with_lrs):
    platform = platforms[1] if with_lrs else platforms[0]
    for n in range(3):  # other learners first: the count must not depend on them
        launch_token(login_and_launch(client, platform, settings.base_url, f"other-{n}"))
    ceiling = LAUNCH_CEILING[with_lrs] - (
        POSTGRES_FEWER if app.extensions["db"].engine.dialect.name == "postgresql" else 0)
    with counted(app) as statements:
        token = launch_token(login_and_launch(client, platform, settings.base_url, "learner-1"))
    assert len(statements.seen) <= ceiling, "\n".join(statements.seen)
    assert token
    # A second launch of the same learner (the upserts update) costs no more.
    with counted(app) as again:
        launch_token(login_and_launch(client, platform, settings.base_url, "learner-1"))
    assert len(again.seen) <= ceiling, "\n".join(again.seen)


def quiz_answer(settings) -> dict[str, str]:
    quiz = get_course(settings).module(MODULE).block(QUIZ)
    return {f"q-{question.id}": question.options[0].id for question in quiz.questions}


def test_learner_pages_stay_within_their_statements(app, client, settings, platforms):
    platform = platforms[1]  # with an LRS, so the pages queue their xAPI statements
    tokens = [launch_token(login_and_launch(client, platform, settings.base_url, f"learner-{n}"))
              for n in range(3)]
    token = tokens[-1]
    attempt = iter(range(10))
    pages = {
        "course page": lambda: client.get(f"/learn/course?{TOKEN_PARAM}={token}"),
        "block page": lambda: client.get(f"/learn/m/{MODULE}/b/{QUIZ}?{TOKEN_PARAM}={token}"),
        "answer POST": lambda: client.post(f"/learn/m/{MODULE}/b/{QUIZ}/answer",
                                           data={TOKEN_PARAM: token, "attempt": str(next(attempt)),
                                                 **quiz_answer(settings)}),
    }
    for round_ in range(3):  # the first visit creates rows; the next ones find them
        for name, request in pages.items():
            ceiling = PAGES_CEILING[name] + (FIRST_EXTRA.get(name, 0) if round_ == 0 else 0)
            with counted(app) as statements:
                response = request()
            assert response.status_code in (200, 303), (name, response.status_code)
            assert "melding" not in response.headers.get("Location", ""), "answer not stored"
            assert len(statements.seen) <= ceiling, (
                f"{name} (round {round_ + 1}): {len(statements.seen)} statements\n"
                + "\n".join(statements.seen))
    with app.extensions["db"].session() as session:
        from lti_tool.models import Answer

        assert session.query(Answer).filter_by(block_id=QUIZ).count() == 3
