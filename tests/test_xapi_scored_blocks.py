"""The sorting and scenario blocks answered through the player, right and wrong, and their
statements as the real Ralph LRS stores them: the interaction type the xAPI spec names
(sequencing, matching, choice) with its correct responses pattern and components."""

from __future__ import annotations

import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.module_walker import best_conversation, right_sorting
from lti_tool.content import get_course
from lti_tool.models import Organisation
from tests.ralph_lrs import validate_statements

pytest_plugins = ["conftest_ralph"]

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
SEQUENCING = ("nieuwe-collega-inwerken", "inwerken-volgorde")
MATCHING = ("rol-van-de-werkbegeleider", "rol-wie-doet-wat")
SCENARIO = ("lastige-gesprekken", "lastig-gesprek-jesse")


def answer(http, settings, token: str, where: tuple[str, str], fields: list[tuple[str, str]]) -> None:
    response = http.post(f"{settings.base_url}/learn/m/{where[0]}/b/{where[1]}/answer",
                         data=[("lt", token), *fields], allow_redirects=False)
    assert response.status_code == 303, response.text[:500]


def by_object(statements: list[dict], suffix: str) -> list[dict]:
    return [s for s in statements if s["object"]["id"].endswith(suffix)]


def test_sorting_and_scenario_reach_ralph_with_their_interaction_types(
        live_server, settings, app, ralph, set_lrs, make_worker, drain):
    with app.extensions["db"].session() as session:
        org = session.execute(select(Organisation).where(Organisation.slug == "devlms")).scalar_one()
        org_id = org.id
    set_lrs(org_id, ralph.endpoint, ralph.username, ralph.password)
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in("devlms-learner-1")
    token = lms.launch("de-rol-van-de-werkbegeleider").launch_token
    http = requests.Session()
    course = get_course(settings)

    sequencing = course.module(SEQUENCING[0]).block(SEQUENCING[1])
    reversed_places = [(f"pos-{item.id}", str(len(sequencing.items) - n))
                       for n, item in enumerate(sequencing.items)]
    answer(http, settings, token, SEQUENCING, [("attempt", "0"), *reversed_places])
    answer(http, settings, token, SEQUENCING, [("attempt", "1"), *right_sorting(sequencing)])

    matching = course.module(MATCHING[0]).block(MATCHING[1])
    first_category = [(f"cat-{item.id}", matching.categories[0].id) for item in matching.items]
    answer(http, settings, token, MATCHING, [("attempt", "0"), *first_category])
    answer(http, settings, token, MATCHING, [("attempt", "1"), *right_sorting(matching)])

    scenario = course.module(SCENARIO[0]).block(SCENARIO[1])
    best = best_conversation(scenario)
    for step_id, choice_id in best:
        answer(http, settings, token, SCENARIO, [("step", step_id), ("choice", choice_id)])
    answer(http, settings, token, SCENARIO, [("restart", "1")])
    poor_step = scenario.steps[0]
    poor = min(poor_step.choices, key=lambda c: scenario.best_points(c.next))
    answer(http, settings, token, SCENARIO, [("step", poor_step.id), ("choice", poor.id)])

    drain(make_worker())
    stored = ralph.query(verb=ANSWERED)
    assert stored and [p for p in validate_statements(stored) if p is not None] == []

    # Sequencing: wrong, then right, as one interaction with its choices.
    attempts = sorted(by_object(stored, f"/{SEQUENCING[0]}/{SEQUENCING[1]}"), key=lambda s: s["timestamp"])
    assert [s["result"]["success"] for s in attempts] == [False, True]
    definition = attempts[0]["object"]["definition"]
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == "sequencing"
    right = "[,]".join(item.id for item in sequencing.items)
    assert definition["correctResponsesPattern"] == [right]
    assert [c["id"] for c in definition["choices"]] == [item.id for item in sequencing.items]
    assert attempts[0]["result"]["response"] == "[,]".join(reversed([i.id for i in sequencing.items]))
    assert attempts[1]["result"]["response"] == right and attempts[1]["result"]["score"]["scaled"] == 1.0

    # Matching: source items and target categories.
    attempts = sorted(by_object(stored, f"/{MATCHING[0]}/{MATCHING[1]}"), key=lambda s: s["timestamp"])
    assert [s["result"]["success"] for s in attempts] == [False, True]
    definition = attempts[1]["object"]["definition"]
    assert definition["interactionType"] == "matching"
    assert [t["id"] for t in definition["target"]] == [c.id for c in matching.categories]
    assert [s["id"] for s in definition["source"]] == [i.id for i in matching.items]
    assert attempts[1]["result"]["response"] == definition["correctResponsesPattern"][0]
    assert f"{matching.items[0].id}[.]{matching.categories[0].id}" in attempts[0]["result"]["response"]

    # Scenario: each step a choice interaction; the ending's score on the block.
    steps = [s for s in stored if f"/{SCENARIO[0]}/{SCENARIO[1]}/" in s["object"]["id"]]
    assert len(steps) == len(best) + 1
    for statement in steps:
        definition = statement["object"]["definition"]
        step = scenario.step(statement["object"]["id"].rsplit("/", 1)[-1])
        assert definition["interactionType"] == "choice"
        assert definition["correctResponsesPattern"] == scenario.best_choices(step)
        assert [c["id"] for c in definition["choices"]] == [c.id for c in step.choices]
        best_here = scenario.best_choices(step)
        assert statement["result"]["success"] is (statement["result"]["response"] in best_here)
        assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/{SCENARIO[1]}")
    assert sum(1 for s in steps if s["result"]["success"] is False) == 1  # the poor first answer
    # The poor first answer ends the talk at once: two endings, the best and a poor one.
    endings = sorted(by_object(stored, f"/{SCENARIO[0]}/{SCENARIO[1]}"), key=lambda s: s["timestamp"])
    assert [(s["result"]["success"], s["result"]["score"]["scaled"]) for s in endings] == [
        (True, 1.0), (False, scenario.ending(poor.next).points / scenario.max_points)]
    assert endings[0]["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/simulation"
