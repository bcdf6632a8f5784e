"""The trainer overview as a trainer uses it: module titles, who did the zelfscan (not what
they answered), the group profile and the SCORM export one click away, and a CSV that
opens in the right columns in Dutch Excel and in English settings."""

from __future__ import annotations

import csv
import io

import requests
from grades_support import A_LINK, A
from grades_support import Learner as DevLearner
from sqlalchemy import select, update

from devlms.models import DevUser
from lti_tool.content import get_course
from lti_tool.models import LaunchSession, Learner, ModuleProgress, utcnow
from lti_tool.models.zelfscan import COMPLETED, ZelfscanScan

FRAMEWORK = "werkbegeleider"


def finished_scan(app, sub: str, *, by_staff: bool = False, area_score: float = 3.25) -> None:
    """A finished zelfscan of ``sub`` in the course of its launch (as the player stores one)."""
    with app.extensions["db"].session() as session:
        learner = session.scalar(select(Learner).where(Learner.sub == sub))
        launch = session.scalar(select(LaunchSession).where(LaunchSession.learner_id == learner.id))
        session.add(ZelfscanScan(learner_id=learner.id, organisation_id=learner.organisation_id,
                                 context_id=launch.context_id, framework_id=FRAMEWORK, status=COMPLETED,
                                 area_scores={"rol": area_score}, by_staff=by_staff,
                                 completed_at=utcnow()))


def a_course_in_use(app, settings) -> str:
    """Sanne finished module A (score 87.5) and did the zelfscan twice; Mohammed only
    opened module A; the teacher previewed the zelfscan. Returns the teacher's token."""
    sanne = DevLearner.launch(settings, "devlms-learner-1", A_LINK)
    sanne.complete(A)
    DevLearner.launch(settings, "devlms-learner-2", A_LINK)
    teacher = DevLearner.launch(settings, "devlms-instructor-1", A_LINK)
    finished_scan(app, "devlms-learner-1", area_score=2.75)
    finished_scan(app, "devlms-learner-1", area_score=3.5)
    finished_scan(app, "devlms-instructor-1", by_staff=True)
    with app.extensions["db"].session() as session:
        session.execute(update(ModuleProgress).where(ModuleProgress.module_id == A)
                        .values(score_given=87.5))
    return teacher.token


def test_overview_names_every_module_and_shows_who_did_the_zelfscan(live_server, settings, app):
    token = a_course_in_use(app, settings)
    page = requests.get(f"{settings.base_url}/dashboard/", params={"lt": token}, timeout=30).text

    for module in get_course(settings).modules:
        assert f'data-module="{module.id}"><span class="module-no">' in page
        assert f"</span> {module.title}</th>" in page.replace("&#39;", "'")
    assert "Zelfscan voor werkbegeleiders: 1 van de 2 deelnemers heeft hem gedaan." in page
    sanne = page[page.index('<th scope="row">Sanne de Vries'):]
    sanne = sanne[:sanne.index("</tr>")]
    assert f'<td data-zelfscan="{FRAMEWORK}"><time datetime="{utcnow().date().isoformat()}">' in sanne
    assert "(2 keer)" in sanne and "87,5" in sanne
    mohammed = page[page.index('<th scope="row">Mohammed El Amrani'):]
    assert "nog niet gedaan" in mohammed[:mohammed.index("</tr>")]
    assert "3,5" not in page and "2,75" not in page  # participation, never the answers

    group = f'href="/zelfscan/{FRAMEWORK}/groep?lt={token}"'
    assert group in page
    export = f'href="/export?lt={token}"'
    assert export in page
    assert requests.get(f"{settings.base_url}/export", params={"lt": token}, timeout=30).status_code == 200


def rows_as_excel_reads(body: bytes, delimiter: str) -> list[list[str]]:
    """What a spreadsheet shows: the byte order mark says UTF-8 and is no cell text."""
    assert body.startswith(b"\xef\xbb\xbf"), "without a BOM Excel reads UTF-8 as its own code page"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def download(settings, token: str) -> requests.Response:
    response = requests.get(f"{settings.base_url}/dashboard/voortgang.csv", params={"lt": token},
                            timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    return response


def test_csv_opens_in_columns_in_dutch_excel(live_server, settings, app):
    with app.extensions["db"].session() as session:  # a name that a spreadsheet would run
        session.execute(update(DevUser).where(DevUser.username == "devlms-learner-2")
                        .values(name="=HYPERLINK(\"http://x\")", given_name="=HYPERLINK(\"http://x\")"))
    token = a_course_in_use(app, settings)
    rows = rows_as_excel_reads(download(settings, token).content, ";")
    title = get_course(settings).module(A).title
    header = rows[0]
    assert header[:3] == ["Naam", "Gebruikers-id", "Modules afgerond"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    sanne = by_name["Sanne de Vries"]
    assert sanne[f"{title} – status"] == "afgerond" and sanne[f"{title} – score"] == "87,5"
    assert sanne["Zelfscan voor werkbegeleiders – keren gedaan"] == "2"
    assert sanne["Zelfscan voor werkbegeleiders – laatst gedaan"] == utcnow().date().isoformat()
    other = get_course(settings).modules[1].title
    assert sanne[f"{other} – status"] == "niet begonnen" and sanne[f"{other} – score"] == ""
    assert "'=HYPERLINK(\"http://x\")" in by_name, "formula guard"
    assert 'filename="voortgang.csv"' in download(settings, token).headers["Content-Disposition"]


def test_csv_follows_an_english_page(live_server, settings, app):
    token = a_course_in_use(app, settings)
    with app.extensions["db"].session() as session:
        teacher = session.scalar(select(Learner).where(Learner.sub == "devlms-instructor-1"))
        session.execute(update(LaunchSession).where(LaunchSession.learner_id == teacher.id)
                        .values(locale="en-GB"))
    response = download(settings, token)
    assert 'filename="progress.csv"' in response.headers["Content-Disposition"]
    rows = rows_as_excel_reads(response.content, ",")
    title = get_course(settings).module(A).title
    header = rows[0]
    assert header[:3] == ["Name", "User id", "Modules completed"]
    sanne = next(dict(zip(header, row, strict=True)) for row in rows[1:] if row[0] == "Sanne de Vries")
    assert sanne[f"{title} – status"] == "completed" and sanne[f"{title} – score"] == "87.5"
    mohammed = next(dict(zip(header, row, strict=True)) for row in rows[1:] if row[0] == "Mohammed El Amrani")
    other = get_course(settings).modules[1].title
    assert mohammed[f"{title} – status"] == "in progress" and mohammed[f"{other} – status"] == "not started"
