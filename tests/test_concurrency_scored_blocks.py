"""Twenty identical clicks on a sorting or a scenario answer (a double click, a class at
once behind one key): one answer row, one score, one xAPI statement, no 5xx."""

from __future__ import annotations

import requests

from devlms.module_walker import best_conversation, right_sorting
from lti_tool.content import get_course
from lti_tool.models import Answer, OutboxMessage
from lti_tool.outbox.messages import AGS_SCORE
from tests.test_concurrency_state import (
    PARALLEL,
    at_once,
    count,
    form_fields,
    launch,
    server_errors,
    xapi_verbs,
)
from tests.test_xapi_player import enable_lrs


def test_twenty_identical_sorting_and_scenario_posts_record_once(live_server, settings, app):
    enable_lrs(app)
    token = launch(settings)
    course = get_course(settings)
    sorting = course.module("rol-van-de-werkbegeleider").block("rol-wie-doet-wat")
    url = f"{live_server}/learn/m/rol-van-de-werkbegeleider/b/{sorting.id}"
    fields = form_fields(requests.Session(), url, token)
    scores_before = count(app, OutboxMessage.kind == AGS_SCORE)
    responses = at_once(PARALLEL, lambda http: http.post(
        url + "/answer", data=[*fields.items(), *right_sorting(sorting)], allow_redirects=False))
    assert {"answers": count(app, Answer.block_id == sorting.id, model=Answer),
            "scores": count(app, OutboxMessage.kind == AGS_SCORE) - scores_before,
            "answered": xapi_verbs(app, "answered"), "5xx": len(server_errors(responses)),
            "pages": len({r.headers.get("Location") for r in responses})} == {
        "answers": 1, "scores": 1, "answered": 1, "5xx": 0, "pages": 1}

    scenario = course.module("lastige-gesprekken").block("lastig-gesprek-jesse")
    url = f"{live_server}/learn/m/lastige-gesprekken/b/{scenario.id}"
    fields = form_fields(requests.Session(), url, token)
    step_id, choice_id = best_conversation(scenario)[0]
    responses = at_once(PARALLEL, lambda http: http.post(
        url + "/answer", data=[*fields.items(), ("step", step_id), ("choice", choice_id)],
        allow_redirects=False))
    assert {"answers": count(app, Answer.block_id == scenario.id, model=Answer),
            "answered": xapi_verbs(app, "answered"), "5xx": len(server_errors(responses))} == {
        "answers": 1, "answered": 2, "5xx": 0}
