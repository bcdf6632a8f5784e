"""The escape room's rules: the room's state from its moves (any order, hints that cost
minutes, the countdown that never ends the game) and the team rules (codes per
organisation, moves stored once, two members solving at the same moment).

The database tests run on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import requests
from pydantic import ValidationError
from sqlalchemy import func, select
from test_learning_support import INSTRUCTOR, PLAYER_CONTENT, hidden, make_launch

from lti_tool.blocks.escape_room import KIND, room_state
from lti_tool.content import get_course
from lti_tool.content.model import EscapeRoomBlock
from lti_tool.idempotency import FIELD
from lti_tool.learning import escape_teams
from lti_tool.models import Answer, Learner, ModuleProgress, Organisation
from lti_tool.models.escape import EscapeTeamMove
from lti_tool.settings import PROJECT_ROOT

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MODULE, BLOCK = "twee", "twee-escape"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PLAYER_CONTENT)


@pytest.fixture
def block(settings) -> EscapeRoomBlock:
    found = get_course(settings).module(MODULE).block(BLOCK)
    assert isinstance(found, EscapeRoomBlock)
    return found


def rows(*responses: dict, step: timedelta = timedelta(minutes=1)) -> list[SimpleNamespace]:
    return [SimpleNamespace(response=r, created_at=START + i * step) for i, r in enumerate(responses)]


def answer(block, form: dict, previous: list) -> dict | None:
    outcome = KIND.answer(block, {k: [v] for k, v in form.items()}, previous, pass_mark=70)
    return outcome.entry.response if outcome.entry else None


# ---- the room's state ------------------------------------------------------------------------

def test_puzzles_are_solved_in_any_order_and_the_lock_opens_with_the_code(block):
    moves = rows({"start": True, "countdown": False}, {"puzzle": "p3", "answer": "7", "correct": True})
    state = room_state(block, moves, done=False)
    assert state.started and state.solved_ids == {"p3"} and not state.finished
    assert answer(block, {"puzzle": "p3", "answer": "7"}, moves) is None  # solved: no second row
    assert answer(block, {"puzzle": "p1", "answer": "leidinggevende"}, moves)["correct"] is True
    wrong = answer(block, {"code": "A1B2C4"}, moves)
    assert wrong == {"code": "A1B2C4", "correct": False}
    entry = KIND.answer(block, {"code": [" a1 b2 c3 "]}, moves, pass_mark=70).entry
    assert entry.response["correct"] and entry.completes


def test_hints_cost_minutes_and_a_second_click_takes_nothing(block):
    moves = rows({"start": True, "countdown": True})
    first = answer(block, {"hint": "p1", "n": "1"}, moves)
    assert first == {"hint": "p1", "n": 1}
    moves += rows(first)
    assert answer(block, {"hint": "p1", "n": "1"}, moves) is None  # the same button again
    assert answer(block, {"hint": "p1", "n": "2"}, moves) is None  # p1 has one hint only
    assert answer(block, {"hint": "nope", "n": "1"}, moves) is None
    state = room_state(block, moves, done=False)
    assert state.hints_total == 1 and state.penalty_minutes(block) == block.hint_minutes
    left = state.remaining_seconds(block, now=START + timedelta(minutes=5))
    assert left == (block.countdown_minutes - 5 - block.hint_minutes) * 60


def test_the_countdown_is_off_by_default_and_time_up_never_ends_the_game(block):
    assert answer(block, {"start": "1"}, []) == {"start": True, "countdown": False}
    moves = rows({"start": True, "countdown": True})
    late = START + timedelta(minutes=block.countdown_minutes + 10)
    assert room_state(block, moves, done=False).remaining_seconds(block, now=late) < 0
    assert answer(block, {"puzzle": "p2", "answer": "jobcoach"}, moves)["correct"] is True
    assert answer(block, {"countdown": "off"}, moves) == {"countdown": False}
    assert answer(block, {"countdown": "on"}, moves) is None  # already on
    assert answer(block, {"start": "1"}, moves) is None  # one start


def test_the_ending_knows_the_time_and_the_hints(block):
    moves = rows({"start": True}, {"hint": "p1", "n": 1},
                 *({"puzzle": p, "answer": "x", "correct": True} for p in ("p1", "p2", "p3")),
                 {"code": "A1B2C3", "correct": True}, step=timedelta(minutes=3))
    state = room_state(block, moves, done=True)
    assert state.finished and state.played_minutes() == 15 and state.hints_total == 1


def test_each_puzzle_sits_in_one_object():
    data = {"id": "r", "type": "escape_room", "puzzles": [
        {"id": f"p{i}", "case": "c", "question": "q", "answer": "a", "code": "X"} for i in range(3)]}
    data["puzzles"][1]["object"] = "kast"
    room = EscapeRoomBlock.model_validate(data)
    assert [thing for _p, thing in room.placed()] == ["laptop", "kast", "prikbord"]
    data["puzzles"][2]["object"] = "kast"
    with pytest.raises(ValidationError, match="two puzzles in the kast"):
        EscapeRoomBlock.model_validate(data)


def test_the_real_room_ties_every_puzzle_to_a_module(settings):
    course = get_course(settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages"))
    room = course.module("escape-room").block("escape-werkvloer")
    assert isinstance(room, EscapeRoomBlock)
    assert all(p.module and course.module(p.module) for p in room.puzzles)
    assert len({thing for _p, thing in room.placed()}) == len(room.puzzles)


# ---- teams ------------------------------------------------------------------------------------

def member(app, sub: str, organisation: str = "test-org") -> SimpleNamespace:
    info = make_launch(app, sub=sub, roles=(INSTRUCTOR,))  # the fixture course is sequential
    with app.extensions["db"].session() as session:
        learner = session.get(Learner, info.learner_id)
        if organisation != "test-org":
            other = Organisation(slug=organisation, name=organisation)
            session.add(other)
            session.flush()
            learner.organisation_id = other.id
        return SimpleNamespace(learner_id=learner.id, organisation_id=learner.organisation_id,
                               token=info.token)


def test_teams_are_found_by_code_within_one_organisation(app):
    one, two, stranger = member(app, "een"), member(app, "twee"), member(app, "vreemd", "ander")
    with app.extensions["db"].session() as session:
        team = escape_teams.create(session, one, MODULE, BLOCK)
        code = team.code
        assert len(code) == escape_teams.CODE_LENGTH and set(code) <= set(escape_teams.ALPHABET)
        assert escape_teams.join(session, two, MODULE, BLOCK, f" {code.lower()} ").id == team.id
        assert escape_teams.join(session, stranger, MODULE, BLOCK, code) is None
        assert escape_teams.join(session, two, MODULE, "other-block", code) is None
        assert escape_teams.team_of(session, two, MODULE, BLOCK).id == team.id
        escape_teams.leave(session, two, MODULE, BLOCK)
        assert escape_teams.team_of(session, two, MODULE, BLOCK) is None
        session.commit()


def test_a_move_is_stored_once_and_wrong_tries_stay_ones_own(app, block):
    one, two = member(app, "een"), member(app, "twee")
    with app.extensions["db"].session() as session:
        team = escape_teams.create(session, one, MODULE, BLOCK)
        escape_teams.join(session, two, MODULE, BLOCK, team.code)
        solved = {"puzzle": "p1", "answer": "leidinggevende", "correct": True}
        assert escape_teams.share(session, team, one, solved) is True
        assert escape_teams.share(session, team, two, solved) is False
        assert escape_teams.share(session, team, two, {"puzzle": "p2", "answer": "x",
                                                       "correct": False}) is False
        assert escape_teams.share(session, team, two, {"hint": "p1", "n": 1}) is True
        assert escape_teams.version(session, team) == 2
        own = [SimpleNamespace(response={"puzzle": "p2", "answer": "x", "correct": False},
                               created_at=datetime.now(UTC))]
        merged, found = escape_teams.room_rows(session, two, MODULE, block, own)
        state = room_state(block, merged, done=False)
        assert found.id == team.id and state.solved_ids == {"p1"} and state.wrong == {"p2": "x"}
        assert state.hints_total == 1
        session.commit()


def test_two_members_solving_at_the_same_moment_make_one_move(app, live_server, block):
    """Threads behind a barrier post the same puzzle from two phones of one team."""
    one, two = member(app, "een"), member(app, "twee")
    with app.extensions["db"].session() as session:
        team = escape_teams.create(session, one, MODULE, BLOCK)
        escape_teams.join(session, two, MODULE, BLOCK, team.code)
        team_id = team.id
        session.commit()
    page = f"{live_server}/learn/m/{MODULE}/b/{BLOCK}"
    players = [requests.Session() for _ in range(2)]
    keys = [hidden(http.get(page, params={"lt": who.token}).text, FIELD)
            for http, who in zip(players, (one, two), strict=True)]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def solve(http: requests.Session, token: str, key: str | None) -> None:
        data = {"lt": token, "puzzle": "p1", "answer": "leidinggevende"}
        if key:
            data[FIELD] = key
        barrier.wait(timeout=30)
        statuses.append(http.post(f"{page}/answer", data=data, allow_redirects=False).status_code)

    threads = [threading.Thread(target=solve, args=(http, who.token, key))
               for http, who, key in zip(players, (one, two), keys, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [303, 303]
    with app.extensions["db"].session() as session:
        moves = session.scalars(select(EscapeTeamMove).where(EscapeTeamMove.team_id == team_id)).all()
        assert [m.move for m in moves] == ["solve:p1"]
        # Whoever's answer saw the puzzle still open keeps it as their own record (the LRS's
        # "answered"); the other one found it solved by the team: one or two rows, never an error.
        assert session.scalar(select(func.count()).select_from(Answer)
                              .where(Answer.block_id == BLOCK)) in (1, 2)
    for http, who in zip(players, (one, two), strict=True):
        assert http.get(f"{page}/team.json", params={"lt": who.token}).json()["version"] == 1


def test_the_team_opening_the_door_completes_the_block_for_every_member(app, client, block):
    one, two = member(app, "een"), member(app, "twee")
    url = f"/learn/m/{MODULE}/b/{BLOCK}"
    client.post(f"{url}/team", data={"lt": one.token, "action": "new"})
    with app.extensions["db"].session() as session:
        code = escape_teams.team_of(session, one, MODULE, BLOCK).code
    client.post(f"{url}/team", data={"lt": two.token, "action": "join", "code": code})
    for puzzle, given in (("p1", "leidinggevende"), ("p2", "jobcoach"), ("p3", "7")):
        client.post(f"{url}/answer", data={"lt": one.token, "puzzle": puzzle, "answer": given})
    client.post(f"{url}/answer", data={"lt": one.token, "code": "A1B2C3"})
    html = client.get(url, query_string={"lt": two.token}).get_data(as_text=True)
    assert "de deur is open" in html
    with app.extensions["db"].session() as session:
        done = session.scalars(select(ModuleProgress).where(
            ModuleProgress.learner_id == two.learner_id, ModuleProgress.module_id == MODULE)).one()
        assert BLOCK in done.blocks_done


def test_an_unknown_team_code_says_so_and_stores_nothing(app, client):
    one = member(app, "een")
    url = f"/learn/m/{MODULE}/b/{BLOCK}"
    response = client.post(f"{url}/team", data={"lt": one.token, "action": "join", "code": "ZZZZZ"})
    assert response.status_code == 303 and "team=onbekend" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deze teamcode kennen we niet" in html
    assert client.post(f"{url}/team", data={"lt": one.token, "action": "??"}).status_code == 303
    assert client.get(f"{url}/team.json", query_string={"lt": one.token}).get_json() == {
        "team": None, "version": 0}
    other = client.get(f"/learn/m/{MODULE}/b/twee-casus/team.json", query_string={"lt": one.token})
    assert other.status_code == 404


def test_puzzles_and_the_lock_go_to_the_lrs_as_fill_in_interactions(app, client):
    from lti_tool.models import OutboxMessage
    from lti_tool.xapi.lrs_config import save_lrs

    one = member(app, "een")
    with app.extensions["db"].session() as session:
        org = session.get(Organisation, one.organisation_id)
        save_lrs(session, org, app.extensions["settings"].secret_key,
                 endpoint="http://127.0.0.1:9/xapi", key="k", secret="s", enabled=True,
                 identify_learners=False)
    url = f"/learn/m/{MODULE}/b/{BLOCK}/answer"
    client.post(url, data={"lt": one.token, "start": "1"})
    client.post(url, data={"lt": one.token, "hint": "p1", "n": "1"})
    client.post(url, data={"lt": one.token, "puzzle": "p1", "answer": "leidinggevende"})
    client.post(url, data={"lt": one.token, "code": "A1B2C3"})
    with app.extensions["db"].session() as session:
        sent = [row.payload["statement"] for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "xapi_statement")
            .order_by(OutboxMessage.id))]
    answered = [s for s in sent if s["verb"]["id"].endswith("/answered")]
    assert [s["object"]["id"].rsplit("/", 1)[-1] for s in answered] == ["p1", "slot"]
    assert {s["object"]["definition"]["interactionType"] for s in answered} == {"fill-in"}
    assert [s["result"]["success"] for s in answered] == [True, True]


def test_time_up_says_so_and_the_ending_counts_the_hint_minutes(block):
    from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment

    def html(moves) -> str:
        return render_block(block, room_state(block, moves, done=False), StaticUrls(),
                            standalone_environment())

    long_ago = [SimpleNamespace(response={"start": True, "countdown": True},
                                created_at=datetime.now(UTC) - timedelta(hours=2))]
    page = html(long_ago)
    assert "De tijd is om. Speel gewoon verder!" in page and 'name="code"' in page
    assert "samen spelen met meer telefoons kan alleen in de online leeromgeving" in page
    ended = rows({"start": True}, {"hint": "p1", "n": 1},
                 *({"puzzle": p, "answer": "x", "correct": True} for p in ("p1", "p2", "p3")),
                 {"code": "A1B2C3", "correct": True}, step=timedelta(minutes=2))
    page = html(ended)
    assert (f"Jullie tijd: 10 min., plus {block.hint_minutes} strafminuten voor 1 hints. "
            f"Totaal: {10 + block.hint_minutes} minuten.") in page
