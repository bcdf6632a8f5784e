"""Double clicks and parallel clicks record once: requests fired at the same moment
(threads behind a barrier) at the live tool, launched from the development LMS.

Every test runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from devlms.client import DevLmsClient, parse_page
from devlms.module_walker import complete_module
from lti_tool.blocks import KINDS
from lti_tool.content import get_course
from lti_tool.models import Answer, ModuleProgress, OutboxMessage
from lti_tool.models.samenleer import SamenleerAnswer, SamenleerMeeting, SamenleerRound, SamenleerTrack
from lti_tool.models.zelfscan import OPEN, ZelfscanPath, ZelfscanScan
from lti_tool.outbox.messages import AGS_SCORE, XAPI_STATEMENT
from tests.test_xapi_player import enable_lrs

MODULE = "rol-van-de-werkbegeleider"
PARALLEL = 20


def at_once(count: int, request: Callable[[requests.Session], requests.Response]
            ) -> list[requests.Response]:
    """``count`` threads, each with its own HTTP session, send ``request`` together."""
    barrier = threading.Barrier(count)
    responses: list[requests.Response] = []
    errors: list[BaseException] = []

    def run() -> None:
        http = requests.Session()
        try:
            barrier.wait(timeout=30)
            responses.append(request(http))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return responses


def server_errors(responses: list[requests.Response]) -> list[int]:
    return [r.status_code for r in responses if r.status_code >= 500]


def launch(settings, user: str = "devlms-learner-1") -> str:
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in(user)
    return lms.launch("de-rol-van-de-werkbegeleider").launch_token


def count(app, *where, model=OutboxMessage) -> int:
    with app.extensions["db"].session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def xapi_verbs(app, verb: str) -> int:
    with app.extensions["db"].session() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == XAPI_STATEMENT))
        return sum(1 for row in rows if row.payload["statement"]["verb"]["id"].endswith("/" + verb))


def form_fields(http: requests.Session, url: str, token: str) -> dict[str, str]:
    page = http.get(url, params={"lt": token})
    assert page.status_code == 200
    return parse_page(page.text).fields


@pytest.fixture
def module(settings):
    return get_course(settings).module(MODULE)


def correct_answers(block) -> list[tuple[str, str]]:
    return [(f"q-{q.id}", o.id) for q in block.questions for o in q.options if o.correct]


# ---- the module player ---------------------------------------------------------------------------

def test_twenty_identical_quiz_posts_record_one_answer_one_score_one_statement(
        live_server, settings, app, module):
    enable_lrs(app)
    token = launch(settings)
    quiz = next(b for b in module.blocks if b.type == "quiz")
    url = f"{live_server}/learn/m/{MODULE}/b/{quiz.id}"
    fields = form_fields(requests.Session(), url, token)
    scores_before = count(app, OutboxMessage.kind == AGS_SCORE)

    responses = at_once(PARALLEL, lambda http: http.post(
        url + "/answer", data=[*fields.items(), *correct_answers(quiz)], allow_redirects=False))

    figures = {"answers": count(app, Answer.block_id == quiz.id, model=Answer),
               "scores": count(app, OutboxMessage.kind == AGS_SCORE) - scores_before,
               "answered statements": xapi_verbs(app, "answered"),
               "5xx": len(server_errors(responses)),
               # every click gets the page the first one got
               "different pages": len({r.headers.get("Location") for r in responses})}
    assert figures == {"answers": 1, "scores": 1, "answered statements": 1, "5xx": 0,
                       "different pages": 1}


def test_back_and_resubmit_later_records_once(live_server, settings, app, module):
    token = launch(settings)
    quiz = next(b for b in module.blocks if b.type == "quiz")
    url = f"{live_server}/learn/m/{MODULE}/b/{quiz.id}"
    http = requests.Session()
    fields = form_fields(http, url, token)
    first = http.post(url + "/answer", data=[*fields.items(), *correct_answers(quiz)],
                      allow_redirects=False)
    # The learner looks at the result, goes back, changes nothing and sends again.
    assert http.get(urljoin(live_server, first.headers["Location"])).status_code == 200
    again = http.post(url + "/answer", data=[*fields.items(), *correct_answers(quiz)],
                      allow_redirects=False)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert count(app, Answer.block_id == quiz.id, model=Answer) == 1


def test_six_parallel_verder_clicks_all_count_and_complete_the_module(
        live_server, settings, app, module):
    token = launch(settings)
    http = requests.Session()
    reads = [b for b in module.blocks if KINDS.of(b).read]  # done by "Verder"
    assert len(reads) >= 6
    # First the case, the quiz and the reflection, one after the other.
    complete_module(http, live_server, token, SimpleNamespace(
        id=module.id, blocks=[b for b in module.blocks if b not in reads]))
    scores_before = count(app, OutboxMessage.kind == AGS_SCORE)
    clicks = iter(reads)
    lock = threading.Lock()

    def verder(session: requests.Session) -> requests.Response:
        with lock:
            block = next(clicks)
        return session.post(f"{live_server}/learn/m/{MODULE}/b/{block.id}/done",
                            data={"lt": token}, allow_redirects=False)

    responses = at_once(len(reads), verder)

    with app.extensions["db"].session() as session:
        row = session.scalar(select(ModuleProgress).where(ModuleProgress.module_id == MODULE))
        scores = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == AGS_SCORE).order_by(OutboxMessage.id)).all()
        figures = {"read blocks recorded": len(set(row.blocks_done) & {b.id for b in reads}),
                   "status": row.status, "5xx": len(server_errors(responses)),
                   "new scores": [m.payload["score"]["activityProgress"]
                                  for m in scores[scores_before:]]}
    assert figures == {"read blocks recorded": len(reads), "status": "completed", "5xx": 0,
                       "new scores": ["Completed"]}


# ---- zelfscan ------------------------------------------------------------------------------------

def test_twenty_parallel_zelfscan_begins_make_one_open_scan(live_server, settings, app):
    token = launch(settings)
    responses = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}/zelfscan/werkbegeleider/begin", data={"lt": token}, allow_redirects=False))
    figures = {"open scans": count(app, ZelfscanScan.status == OPEN, model=ZelfscanScan),
               "5xx": len(server_errors(responses)),
               "different pages": len({r.headers.get("Location") for r in responses})}
    assert figures == {"open scans": 1, "5xx": 0, "different pages": 1}


def finished_scan(live_server: str, app, token: str) -> list[str]:
    """Finish the werkbegeleider zelfscan over HTTP; returns the advised path."""
    base = f"{live_server}/zelfscan/werkbegeleider"
    begun = requests.post(f"{base}/begin", data={"lt": token}, allow_redirects=False)
    scan_id = re.search(r"/scan/(\d+)/", begun.headers["Location"]).group(1)
    from lti_tool.content.zelfscan_loader import frameworks_for
    framework = frameworks_for(get_course(app.extensions["settings"]))["werkbegeleider"]
    for area in framework.areas:
        requests.post(f"{base}/scan/{scan_id}/onderdeel/{area.id}", allow_redirects=False, data={
            "lt": token, "richting": "volgende", **{f"s-{s.id}": "2" for s in area.statements}})
    requests.post(f"{base}/scan/{scan_id}/afronden", data={"lt": token}, allow_redirects=False)
    with app.extensions["db"].session() as session:
        return list(session.scalars(select(ZelfscanPath.module_ids)).one())


def current_path(app) -> tuple[list[str], list[str]]:
    with app.extensions["db"].session() as session:
        row = session.scalars(select(ZelfscanPath)).one()
        return list(row.module_ids), list(row.dropped or [])


def test_a_double_click_on_lower_moves_the_module_one_place(live_server, settings, app):
    token = launch(settings)
    advice = finished_scan(live_server, app, token)
    fields = form_fields(requests.Session(), f"{live_server}/zelfscan/werkbegeleider/leerpad", token)
    form = {"lt": token, "idem": fields["idem"], "actie": "down", "module": advice[0]}
    responses = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}/zelfscan/werkbegeleider/leerpad", data=form, allow_redirects=False))
    assert server_errors(responses) == [] and {r.status_code for r in responses} == {303}
    assert current_path(app)[0][:3] == [advice[1], advice[0], advice[2]]


def test_changes_from_two_tabs_at_once_both_stay(live_server, settings, app):
    token = launch(settings)
    advice = finished_scan(live_server, app, token)
    forms = iter([{"lt": token, "actie": "drop", "module": advice[0]},
                  {"lt": token, "actie": "drop", "module": advice[-1]}])
    lock = threading.Lock()

    def post(http: requests.Session) -> requests.Response:
        with lock:
            form = next(forms)
        return http.post(f"{live_server}/zelfscan/werkbegeleider/leerpad", data=form,
                         allow_redirects=False)

    responses = at_once(2, post)
    assert server_errors(responses) == []
    path, dropped = current_path(app)
    assert sorted(dropped) == sorted([advice[0], advice[-1]]) and path == advice[1:-1]


# ---- Samenleer -----------------------------------------------------------------------------------

def new_track(live_server: str, token: str) -> int:
    response = requests.post(f"{live_server}/samenleer/trajecten",
                             data={"lt": token, "label": "Ali"}, allow_redirects=False)
    assert response.status_code == 303
    return int(re.search(r"/samenleer/t/(\d+)", response.headers["Location"]).group(1))


def test_parallel_new_round_clicks_make_one_round(live_server, settings, app):
    token = launch(settings, "devlms-instructor-1")
    track = new_track(live_server, token)
    responses = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}/samenleer/t/{track}/rondes", data={"lt": token}, allow_redirects=False))
    figures = {"rounds": count(app, SamenleerRound.track_id == track, model=SamenleerRound),
               "5xx": len(server_errors(responses))}
    assert figures == {"rounds": 1, "5xx": 0}


def test_parallel_samenleer_answers_make_one_row_per_side(live_server, settings, app):
    token = launch(settings, "devlms-instructor-1")
    track = new_track(live_server, token)
    assert requests.post(f"{live_server}/samenleer/t/{track}/rondes", data={"lt": token},
                         allow_redirects=False).status_code == 303
    pro = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}/samenleer/t/{track}/r/1/vraag/1",
        data={"lt": token, "score": "4", "text": "Goed"}, allow_redirects=False))

    invite = requests.post(f"{live_server}/samenleer/t/{track}/uitnodiging", data={"lt": token})
    link = re.search(r'id="invite-link" value="([^"]+)"', invite.text).group(1)
    path = urlsplit(link).path.rstrip("/")
    signed_in = requests.post(f"{live_server}{path}/", data={"code": "4826", "repeat": "4826"},
                              allow_redirects=False)
    guest_token = parse_qs(urlsplit(signed_in.headers["Location"]).query)["gt"][0]
    guest = at_once(PARALLEL, lambda http: http.post(
        f"{live_server}{path}/vraag/1",
        data={"gt": guest_token, "score": "3", "text": "Prima"}, allow_redirects=False))

    figures = {"pro rows": count(app, SamenleerAnswer.side == "pro", model=SamenleerAnswer),
               "guest rows": count(app, SamenleerAnswer.side == "guest", model=SamenleerAnswer),
               "pro 5xx": len(server_errors(pro)), "guest 5xx": len(server_errors(guest))}
    assert figures == {"pro rows": 1, "guest rows": 1, "pro 5xx": 0, "guest 5xx": 0}


def test_two_guests_choosing_a_first_code_at_once_one_code_wins(live_server, settings, app):
    """Two phones open the same invitation and each choose a code: the first one set stays,
    the other is told the code is wrong, and the winner's code keeps working."""
    token = launch(settings, "devlms-instructor-1")
    track = new_track(live_server, token)
    invite = requests.post(f"{live_server}/samenleer/t/{track}/uitnodiging", data={"lt": token})
    path = urlsplit(re.search(r'id="invite-link" value="([^"]+)"', invite.text).group(1)).path
    codes = iter(["4826", "7391"])
    lock = threading.Lock()

    def choose(http: requests.Session) -> tuple[str, requests.Response]:
        with lock:
            code = next(codes)
        return code, http.post(f"{live_server}{path.rstrip('/')}/",
                               data={"code": code, "repeat": code}, allow_redirects=False)

    answers = at_once(2, choose)
    winners = [code for code, response in answers if response.status_code == 303]
    losers = [response.status_code for _code, response in answers if response.status_code != 303]
    assert len(winners) == 1 and losers == [400]
    again = requests.post(f"{live_server}{path.rstrip('/')}/", data={"code": winners[0]},
                          allow_redirects=False)
    assert again.status_code == 303


def test_twenty_clicks_on_one_new_track_form_make_one_track_and_one_meeting(
        live_server, settings, app):
    token = launch(settings, "devlms-instructor-1")
    http = requests.Session()
    page = http.get(f"{live_server}/samenleer/", params={"lt": token}).text
    key = re.search(r'name="idem" value="([^"]+)"', page).group(1)
    tracks = at_once(PARALLEL, lambda session: session.post(
        f"{live_server}/samenleer/trajecten", data={"lt": token, "idem": key, "label": "Ali"},
        allow_redirects=False))
    track = int(re.search(r"/samenleer/t/(\d+)", tracks[0].headers["Location"]).group(1))
    page = http.get(f"{live_server}/samenleer/t/{track}", params={"lt": token}).text
    key = re.findall(r'name="idem" value="([^"]+)"', page)[-1]
    meetings = at_once(PARALLEL, lambda session: session.post(
        f"{live_server}/samenleer/t/{track}/gesprekken",
        data={"lt": token, "idem": key, "held_on": "2025-01-06"}, allow_redirects=False))
    figures = {"tracks": count(app, model=SamenleerTrack),
               "meetings": count(app, model=SamenleerMeeting),
               "5xx": len(server_errors(tracks + meetings)),
               "different pages": len({r.headers.get("Location") for r in tracks})}
    assert figures == {"tracks": 1, "meetings": 1, "5xx": 0, "different pages": 1}
