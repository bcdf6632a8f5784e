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
from sqlalchemy import select
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
    # Solved (by the team, or a second click): a right answer is kept once per learner (the
    # database has the last word), a wrong one changes nothing.
    again = KIND.answer(block, {"puzzle": ["p3"], "answer": ["7"]}, moves, pass_mark=70).entry
    assert again.once_key == "solve:p3" and not again.completes
    assert answer(block, {"puzzle": "p3", "answer": "8"}, moves) is None
    assert answer(block, {"puzzle": "p1", "answer": "leidinggevende"}, moves)["correct"] is True
    wrong = answer(block, {"code": "A1B2C4"}, moves)
    assert wrong == {"code": "A1B2C4", "correct": False}
    entry = KIND.answer(block, {"code": [" a1 b2 c3 "]}, moves, pass_mark=70).entry
    assert entry.response["correct"] and entry.completes and entry.once_key == "door"


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


PUZZLES = (("p1", "leidinggevende"), ("p2", "jobcoach"), ("p3", "7"))


def lrs_on(app, organisation_id: int) -> None:
    """An LRS for the organisation, so answers queue xAPI statements (nothing is sent)."""
    from lti_tool.xapi.lrs_config import save_lrs

    with app.extensions["db"].session() as session:
        save_lrs(session, session.get(Organisation, organisation_id),
                 app.extensions["settings"].secret_key, endpoint="http://127.0.0.1:9/xapi",
                 key="k", secret="s", enabled=True, identify_learners=False)


def answered_statements(app) -> list[dict]:
    from lti_tool.models import OutboxMessage

    with app.extensions["db"].session() as session:
        sent = [row.payload["statement"] for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "xapi_statement")
            .order_by(OutboxMessage.id))]
    return [s for s in sent if s["verb"]["id"].endswith("/answered")]


def at_once(posts: list[tuple[requests.Session, str, dict]]) -> list[int]:
    """Fire the posts from threads behind a barrier; their status codes."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = []

    def post(http: requests.Session, url: str, data: dict) -> None:
        barrier.wait(timeout=30)
        statuses.append(http.post(url, data=data, allow_redirects=False).status_code)

    threads = [threading.Thread(target=post, args=posted) for posted in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_members_and_a_double_click_solving_at_the_same_moment_keep_one_row_each(
        app, live_server, block):
    """Per puzzle, then at the lock, the phones of one team post the answer at the same
    moment, one of them twice (two tabs: two form keys), and one member a moment later from
    the page they had open. Each member keeps one answer row and one xAPI "answered" per
    puzzle and for the door (whoever came later: the team had solved it, their answer still
    counts for them), the team one move each, and all see the room solved and the door open."""
    one, *others, late = team_members = [member(app, sub) for sub in ("een", "twee", "drie", "laat")]
    lrs_on(app, one.organisation_id)
    with app.extensions["db"].session() as session:
        team = escape_teams.create(session, one, MODULE, BLOCK)
        for other in (*others, late):
            escape_teams.join(session, other, MODULE, BLOCK, team.code)
        team_id, code = team.id, team.code
        session.commit()
    page = f"{live_server}/learn/m/{MODULE}/b/{BLOCK}"
    phones = {who.learner_id: requests.Session() for who in team_members}

    def send(who: SimpleNamespace, **fields: str) -> tuple[requests.Session, str, dict]:
        """The post of the answer form on the page ``who`` has open now."""
        http = phones[who.learner_id]
        key = hidden(http.get(page, params={"lt": who.token}).text, FIELD)
        return http, f"{page}/answer", {"lt": who.token, FIELD: key, **fields}

    for fields in [*({"puzzle": p, "answer": given} for p, given in PUZZLES), {"code": "A1B2C3"}]:
        later = send(late, **fields)
        posts = [send(who, **fields) for who in (one, *others, one)]
        assert at_once(posts) == [303] * len(posts)
        http, url, data = later
        assert http.post(url, data=data, allow_redirects=False).status_code == 303

    for who in team_members:  # the room as each member sees it
        html = phones[who.learner_id].get(page, params={"lt": who.token}).text
        assert f'data-stat="solved">{len(PUZZLES)}<' in html and "de deur is open" in html
        state = phones[who.learner_id].get(f"{page}/team.json", params={"lt": who.token}).json()
        assert state == {"team": code, "version": len(PUZZLES) + 1, "door": True}
    everyone = sorted((who.learner_id, key) for who in team_members
                      for key in ("door", *(f"solve:{p}" for p, _g in PUZZLES)))
    with app.extensions["db"].session() as session:
        moves = session.scalars(select(EscapeTeamMove).where(EscapeTeamMove.team_id == team_id)).all()
        assert sorted(m.move for m in moves) == ["door", "solve:p1", "solve:p2", "solve:p3"]
        right = [row for row in session.scalars(select(Answer).where(Answer.block_id == BLOCK))
                 if row.response["correct"]]
        kept = sorted((row.learner_id, "door" if "code" in row.response
                       else f"solve:{row.response['puzzle']}") for row in right)
        assert kept == everyone
        done = session.scalars(select(ModuleProgress).where(ModuleProgress.module_id == MODULE)).all()
        assert len(done) == len(team_members) and all(BLOCK in row.blocks_done for row in done)
    answered = [(s["actor"]["account"]["name"], s["object"]["id"].rsplit("/", 1)[-1])
                for s in answered_statements(app)]
    puzzles = [pair for pair in answered if pair[1] != "slot"]  # the lock: who typed the code
    assert len(puzzles) == len(set(puzzles)) == len(team_members) * len(PUZZLES)
    assert len(answered) == len(set(answered))


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
    one = member(app, "een")
    lrs_on(app, one.organisation_id)
    url = f"/learn/m/{MODULE}/b/{BLOCK}/answer"
    client.post(url, data={"lt": one.token, "start": "1"})
    client.post(url, data={"lt": one.token, "hint": "p1", "n": "1"})
    client.post(url, data={"lt": one.token, "puzzle": "p1", "answer": "leidinggevende"})
    client.post(url, data={"lt": one.token, "code": "A1B2C3"})
    answered = answered_statements(app)
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
