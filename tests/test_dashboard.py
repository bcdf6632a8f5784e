"""The trainer's overview: NRPS roster from the LMS joined with progress in the tool."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from devlms.client import DevLmsClient
from devlms.module_walker import complete_module
from lti_tool.content import get_course
from lti_tool.dashboard.export import safe_cell
from lti_tool.http import EgressPolicy
from lti_tool.lti.paging import next_link
from lti_tool.outbox.worker import deliver_due

PLACEMENT = "de-rol-van-de-werkbegeleider"


@pytest.mark.parametrize(("header", "expected"), [
    ('<https://lms/m?page=2>; rel="next"', "https://lms/m?page=2"),
    ("<https://lms/m?page=2>; rel=next", "https://lms/m?page=2"),
    ('<https://lms/m?p=1>; rel="prev", <https://lms/m?p=3>; rel="next"', "https://lms/m?p=3"),
    ('<https://lms/m?p=3>; rel="next last"', "https://lms/m?p=3"),
    ('<https://lms/m?p=1>; rel="first"', None),
    ("", None),
])
def test_next_link(header, expected):
    assert next_link(header) == expected


def launch_as(settings, username: str) -> str:
    client = DevLmsClient(settings.devlms_base_url)
    client.sign_in(username)
    return client.launch(PLACEMENT).launch_token


def test_roster_shows_members_progress_and_csv(live_server, settings, app):
    learner_token = launch_as(settings, "devlms-learner-1")
    module = get_course(settings).module("rol-van-de-werkbegeleider")
    complete_module(requests.Session(), settings.base_url, learner_token, module)
    while deliver_due(app.extensions["db"]):
        pass
    teacher_token = launch_as(settings, "devlms-instructor-1")

    page = requests.get(f"{settings.base_url}/dashboard/", params={"lt": teacher_token})
    assert page.status_code == 200
    assert "ledenlijst uit de leeromgeving" in page.text
    assert "Sanne de Vries" in page.text and "Mohammed El Amrani" in page.text
    assert "Jeroen Bakker" not in page.text  # instructors are not in the learner roster
    assert "1 / 13" in page.text and "nog niet gestart" in page.text

    exported = requests.get(f"{settings.base_url}/dashboard/voortgang.csv", params={"lt": teacher_token})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    sanne = next(r for r in rows if r["Naam"] == "Sanne de Vries")
    assert sanne[f"{module.title} – status"] == "afgerond"
    assert sanne[f"{module.title} – score"] == "100"


def test_learners_do_not_see_the_dashboard(live_server, settings):
    token = launch_as(settings, "devlms-learner-1")
    response = requests.get(f"{settings.base_url}/dashboard/", params={"lt": token},
                            headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.json()["check"] == "role"


def test_dashboard_placement_opens_the_overview(live_server, settings, app):
    from devlms.seed import add_placement, course_by_context
    with app.extensions["db"].session() as session:
        placement = add_placement(session, course_by_context(session, "course-werkbegeleiding"),
                                  title="Voortgang", content_item="dashboard")
        link = placement.resource_link_id
    client = DevLmsClient(settings.devlms_base_url)
    client.sign_in("devlms-instructor-1")
    result = client.launch(link)
    assert result.url.startswith(settings.base_url + "/dashboard/")
    assert "Voortgang van de groep" in result.response.text


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("@A1", "'@A1"), ("Sanne", "Sanne")])
def test_csv_cells_are_never_formulas(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("style", ["quoted", "unquoted"])
def test_roster_follows_every_page(live_server, settings, app, monkeypatch, style):
    from lti_tool.launch_context import Launch
    from lti_tool.lti import nrps
    from lti_tool.models import LaunchSession
    from lti_tool.web import launch_from_row

    monkeypatch.setattr(nrps, "PAGE_SIZE", 1)
    assert requests.post(settings.devlms_base_url + "/_test/settings",
                         json={"link_rel_style": style}).status_code in (200, 204)
    try:
        launch_as(settings, "devlms-instructor-1")
        with app.extensions["db"].session() as session:
            row = session.query(LaunchSession).one()
            launch: Launch = launch_from_row(row)
            members = nrps.fetch_members(session, launch, EgressPolicy.from_settings(settings))
    finally:  # the development LMS keeps this setting for the whole process
        requests.post(settings.devlms_base_url + "/_test/settings", json={"link_rel_style": "quoted"})
    names = {m.name for m in members}
    assert {"Sanne de Vries", "Mohammed El Amrani", "Jeroen Bakker"} <= names
