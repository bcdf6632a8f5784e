"""A session's end reports every member who took part, once, without their coming back:
ended by a member closing its last step, or by its deadline (the worker's sweep), also
when those happen at the same moment (threads behind a barrier; SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lti_tool.intervisie.deadlines import end_overdue
from lti_tool.models import Learner, Organisation, OutboxMessage, utcnow
from lti_tool.models.intervisie import IntervisieMember, IntervisieParticipant, IntervisieSession
from lti_tool.outbox.worker import run_forever
from tests.intervisie_support import CASE, close, group_of_four, start_session, write

pytest_plugins = ["conftest_ralph"]


@pytest.fixture
def group(app, client):
    _trainer, members, group_id, _code = group_of_four(app, client)
    return members, group_id


def completions(app) -> Counter:
    """Completion scores queued per learner (their ``sub``)."""
    with app.extensions["db"].session() as session:
        scores = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ags_score"))
        return Counter(s.payload["score"]["userId"] for s in scores
                       if s.payload["item"] == "intervisie" and s.payload["score"]["scoreGiven"] == 1.0)


def at_once(*calls) -> None:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call) -> None:
        barrier.wait()
        try:
            call()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def _live_until_the_last_step(client, members, session_id) -> None:
    """Anna, Bram and Cem take part; Dewi is in the group but writes nothing."""
    anna, bram, cem, _dewi = members
    write(client, anna, session_id, "casus", CASE)
    write(client, bram, session_id, "vragen", "Sinds wanneer gebeurt het?")
    write(client, cem, session_id, "vragen", "Heb je het al benoemd?")
    close(client, bram, session_id, 1)
    with client.application.extensions["db"].session() as session:
        entry = session.get(IntervisieSession, session_id).entries[1].id
    client.post(f"/intervisie/s/{session_id}/kiezen", data={"lt": anna.token, "entry": str(entry)})
    write(client, cem, session_id, "adviezen", "Benoem het rustig.")
    close(client, cem, session_id, 3)
    write(client, anna, session_id, "meenemen", "Ik benoem het morgen.")
    write(client, bram, session_id, "terugblik", "Fijn.")


def test_closing_the_last_step_reports_everyone_who_took_part(app, client, group):
    members, group_id = group
    anna, bram, cem, dewi = members
    session_id = start_session(client, anna, group_id)
    _live_until_the_last_step(client, members, session_id)
    assert completions(app) == Counter()
    close(client, bram, session_id, 5)  # nobody opens a page afterwards
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})
    # Coming back reports nothing twice; Dewi, who took no part, gets nothing.
    for who in members:
        client.get(f"/intervisie/g/{group_id}?lt={who.token}")
        client.get(f"/intervisie/s/{session_id}?lt={who.token}")
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})
    assert dewi.sub not in completions(app)


def test_a_member_without_a_stored_launch_is_reported_at_their_visit(app, client, group):
    """A participant from before the launch was kept (or with a launch that cannot send a
    score) waits for their next visit, and gets one completion then."""
    members, group_id = group
    anna, bram, cem, _dewi = members
    session_id = start_session(client, anna, group_id)
    _live_until_the_last_step(client, members, session_id)
    with app.extensions["db"].session() as session:
        cem_id = session.scalar(select(Learner.id).where(Learner.sub == cem.sub))
        session.execute(update(IntervisieParticipant).where(
            IntervisieParticipant.session_id == session_id,
            IntervisieParticipant.member_id == select(IntervisieMember.id).where(
                IntervisieMember.group_id == group_id, IntervisieMember.learner_id == cem_id)
            .scalar_subquery()).values(launch_id=None))
    close(client, bram, session_id, 5)
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1})
    client.get(f"/intervisie/g/{group_id}?lt={cem.token}")
    client.get(f"/intervisie/s/{session_id}?lt={cem.token}")
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})


def test_two_closes_and_a_visit_at_the_same_moment_report_each_member_once(app, client, group):
    members, group_id = group
    anna, bram, cem, _dewi = members
    session_id = start_session(client, anna, group_id)
    _live_until_the_last_step(client, members, session_id)
    at_once(lambda: close(app.test_client(), bram, session_id, 5),
            lambda: close(app.test_client(), anna, session_id, 5),
            lambda: app.test_client().get(f"/intervisie/g/{group_id}?lt={cem.token}"),
            lambda: app.test_client().get(f"/intervisie/s/{session_id}?lt={bram.token}"))
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})


def _deadline_passes(app, session_id: int) -> None:
    with app.extensions["db"].session() as session:
        session.get(IntervisieSession, session_id).step_deadline = utcnow() - timedelta(minutes=1)


def _async_at_its_last_step(app, client, members, group_id) -> int:
    """Roddelmethode: Anna, Bram and Cem take part; Dewi never writes, so each step he is
    asked in closes by its deadline. Ends with the last step open and its time up."""
    anna, bram, cem, _dewi = members
    database, settings = app.extensions["db"], app.extensions["settings"]
    session_id = start_session(client, anna, group_id, method="roddelmethode", mode="async")
    write(client, anna, session_id, "casus", CASE)
    write(client, bram, session_id, "vragen", "Hoe lang werkt ze er?")
    write(client, cem, session_id, "vragen", "Is het elke dag?")
    assert end_overdue(database, settings) == 0
    _deadline_passes(app, session_id)
    assert end_overdue(database, settings) == 0  # the sweep closed "vragen"; not ended
    write(client, bram, session_id, "roddelen", "Ik denk dat ze het spannend vindt.")
    write(client, cem, session_id, "roddelen", "Misschien weet ze de regels niet.")
    _deadline_passes(app, session_id)
    assert end_overdue(database, settings) == 0
    write(client, anna, session_id, "reactie", "Ik had niet gedacht aan spanning.")
    write(client, bram, session_id, "terugblik", "Fijn.")
    _deadline_passes(app, session_id)
    with database.session() as session:
        assert session.get(IntervisieSession, session_id).step_index == 4
    return session_id


def test_the_worker_ends_a_session_whose_deadline_passed(app, client, group):
    members, group_id = group
    anna, bram, cem, _dewi = members
    session_id = _async_at_its_last_step(app, client, members, group_id)
    assert completions(app) == Counter()
    assert end_overdue(app.extensions["db"], app.extensions["settings"]) == 1
    with app.extensions["db"].session() as session:
        assert session.get(IntervisieSession, session_id).status == "done"
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})
    assert end_overdue(app.extensions["db"], app.extensions["settings"]) == 0
    client.get(f"/intervisie/g/{group_id}?lt={bram.token}")
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})


def test_a_close_and_two_workers_sweeping_at_the_same_moment_report_each_member_once(
        app, client, group):
    members, group_id = group
    anna, bram, cem, _dewi = members
    session_id = _async_at_its_last_step(app, client, members, group_id)
    database, settings = app.extensions["db"], app.extensions["settings"]
    at_once(lambda: close(app.test_client(), anna, session_id, 4),  # the inbrenger closes it
            lambda: end_overdue(database, settings),
            lambda: end_overdue(database, settings))
    assert completions(app) == Counter({anna.sub: 1, bram.sub: 1, cem.sub: 1})


def test_the_worker_s_ending_sends_the_xapi_completion_too(app, client, group, set_lrs, ralph,
                                                           make_worker, drain):
    """The sweep runs in the worker, without the web app: the LRS still gets one statement
    per member who took part."""
    members, group_id = group
    with app.extensions["db"].session() as session:
        organisation_id = session.scalars(select(Organisation.id).where(
            Organisation.slug == "test-org")).one()
    set_lrs(organisation_id, ralph.endpoint, ralph.username, ralph.password)
    _async_at_its_last_step(app, client, members, group_id)
    assert end_overdue(app.extensions["db"], app.extensions["settings"]) == 1
    drain(make_worker())
    stored = [s for s in ralph.statements() if "_intervisie" in json.dumps(s)]
    assert len(stored) == 3 and all(s["verb"]["id"].endswith("/completed") for s in stored)


def test_the_running_worker_sweeps(app, client, group):
    """``lti-tool worker`` (its loop) ends the session by itself, and delivers the scores."""
    members, group_id = group
    session_id = _async_at_its_last_step(app, client, members, group_id)
    stop = threading.Event()
    worker = threading.Thread(target=run_forever, args=(app.extensions["db"], stop, 0.05),
                              kwargs={"settings": app.extensions["settings"]})
    worker.start()
    try:
        for _ in range(100):
            if completions(app):
                break
            stop.wait(0.05)
    finally:
        stop.set()
        worker.join(5)
    with app.extensions["db"].session() as session:
        assert session.get(IntervisieSession, session_id).status == "done"
    assert completions(app) == Counter({m.sub: 1 for m in members[:3]})
