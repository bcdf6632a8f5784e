"""Privacy and safety: export, deletion, retention, markup injection, isolation, xAPI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from lti_tool.cli import main as cli
from lti_tool.models import LaunchSession, OutboxMessage, utcnow
from lti_tool.models.samenleer import SamenleerAnswer, SamenleerTrack
from lti_tool.samenleer.retention import months_before, purge, set_retention
from lti_tool.web import launch_from_row
from tests.samenleer_support import (
    guest_answers,
    invite_link,
    invite_path,
    new_track,
    organisation_professional,
    pro_answers,
    professional,
    tracked,
)

pytest_plugins = ["conftest_ralph"]
PAYLOADS = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>')


@pytest.fixture
def pro(app):
    return professional(app)


def _finished_round(app, client, pro, guest_texts=None, pro_texts=None):
    track_id, guest = tracked(app, pro, client)
    pro_answers(client, app, pro, track_id, [4, 4, 2, 4, 4], pro_texts or {1: "Mijn kant"})
    guest_answers(client, app, guest, [2, 4, 5, 4, 4], guest_texts or {1: "Hun kant"})
    return track_id, guest


def test_export_json_and_printable(app, client, pro):
    track_id, _guest = _finished_round(app, client, pro)
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "Afspraak"})
    response = client.get(f"/samenleer/t/{track_id}/export.json?lt={pro.token}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    answers = data["rounds"][0]["answers"]["past-bij-mij"]
    assert answers == {
        "professional": {"score": 4, "choices": [], "label": "Past goed", "text": "Mijn kant"},
        "guided_person": {"score": 2, "choices": [], "label": "Past niet zo goed",
                          "text": "Hun kant"}}
    assert data["scales"]["past-bij-mij"]["points"]["4"] == "Past goed"
    assert data["rounds"][0]["agreements"] == "Afspraak"
    page = client.get(f"/samenleer/t/{track_id}/export?lt={pro.token}")
    assert page.status_code == 200 and "Hun kant" in page.text and "Afspraak" in page.text
    assert "no-store" in page.headers["Cache-Control"]


def test_export_keeps_an_unfinished_round_blind(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    guest_answers(client, app, guest, [1], {1: "NOG-GEHEIM"}, done=False)
    data = client.get(f"/samenleer/t/{track_id}/export.json?lt={pro.token}").get_json()
    assert "NOG-GEHEIM" not in str(data)
    assert "NOG-GEHEIM" not in client.get(f"/samenleer/t/{track_id}/export?lt={pro.token}").text


def test_professional_deletes_the_track(app, client, pro):
    track_id, guest = _finished_round(app, client, pro)
    assert "verwijderen?" in client.get(f"/samenleer/t/{track_id}/verwijderen?lt={pro.token}").text
    assert client.post(f"/samenleer/t/{track_id}/verwijderen", data={"lt": pro.token}).status_code == 303
    with app.extensions["db"].session() as session:
        assert session.query(SamenleerTrack).count() == 0
        assert session.query(SamenleerAnswer).count() == 0
    assert client.get(f"{guest.path}/start?gt={guest.token}").status_code == 404


def test_guest_deletes_own_answers(app, client, pro):
    track_id, guest = _finished_round(app, client, pro)
    assert client.get(f"{guest.path}/wissen?gt={guest.token}").status_code == 200
    response = client.post(f"{guest.path}/wissen", data={"gt": guest.token})
    assert response.status_code == 303
    with app.extensions["db"].session() as session:
        sides = {a.side for a in session.query(SamenleerAnswer)}
    assert sides == {"pro"}
    page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert "Hun kant" not in page
    assert "de eigen antwoorden gewist" in client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text


def test_retention_purges_old_tracks_per_organisation(app, client, pro):
    old_id = new_track(client, pro, "Oud")
    recent_id = new_track(client, pro, "Recent")
    other = organisation_professional(app, "kort-bewaren")
    other_id = new_track(client, other, "Ander")
    now = utcnow()
    with app.extensions["db"].session() as session:
        session.get(SamenleerTrack, old_id).last_activity_at = now - timedelta(days=800)
        session.get(SamenleerTrack, recent_id).last_activity_at = now - timedelta(days=300)
        other_track = session.get(SamenleerTrack, other_id)
        other_track.last_activity_at = now - timedelta(days=100)
        set_retention(session, other_track.organisation_id, 3)
    with app.extensions["db"].session() as session:
        assert purge(session, dry_run=True).tracks == 2
    with app.extensions["db"].session() as session:
        assert purge(session).tracks == 2
    with app.extensions["db"].session() as session:
        assert [t.id for t in session.query(SamenleerTrack)] == [recent_id]


def test_purge_and_retention_commands(app, settings, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", settings.secret_key)
    organisation_professional(app, "cli-org")
    runner = CliRunner()
    result = runner.invoke(cli, ["samenleer", "retention", "cli-org", "12"])
    assert result.exit_code == 0 and "12 months" in result.output
    result = runner.invoke(cli, ["samenleer", "purge"])
    assert result.exit_code == 0 and "Deleted 0 Samenleer track(s)." in result.output
    assert runner.invoke(cli, ["samenleer", "retention", "nope"]).exit_code != 0


def test_months_before_handles_month_ends():
    moment = utcnow().replace(year=2026, month=3, day=31)
    assert months_before(moment, 1).day == 28 and months_before(moment, 1).month == 2
    assert months_before(moment, 24).year == 2024


@pytest.mark.parametrize("payload", PAYLOADS)
def test_guest_text_cannot_inject_markup(app, client, pro, payload):
    track_id, _guest = _finished_round(app, client, pro, guest_texts={1: payload, 6: payload})
    for url in (f"/samenleer/t/{track_id}/r/1", f"/samenleer/t/{track_id}/export",
                f"/samenleer/t/{track_id}"):
        page = client.get(f"{url}?lt={pro.token}").text
        assert "<script>alert" not in page and "<img src=x" not in page
    page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert "&lt;script&gt;" in page or "&#34;&gt;&lt;img" in page


def test_professional_label_is_escaped_too(app, client, pro):
    track_id = new_track(client, pro, PAYLOADS[1])
    page = client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text
    assert "<img src=x" not in page


def test_another_professional_cannot_reach_the_track(app, client, pro):
    track_id, guest = _finished_round(app, client, pro)
    colleague = professional(app)
    for url in (f"/samenleer/t/{track_id}", f"/samenleer/t/{track_id}/r/1",
                f"/samenleer/t/{track_id}/export.json", f"/samenleer/t/{track_id}/r/1/vraag/1"):
        assert client.get(f"{url}?lt={colleague.token}").status_code == 404, url
    assert client.post(f"/samenleer/t/{track_id}/verwijderen",
                       data={"lt": colleague.token}).status_code == 404
    assert client.post(f"/samenleer/t/{track_id}/uitnodiging",
                       data={"lt": colleague.token}).status_code == 404
    assert "Ali" not in client.get(f"/samenleer/?lt={colleague.token}").text


def test_another_organisation_cannot_reach_the_track(app, client, pro):
    track_id, _guest = _finished_round(app, client, pro)
    stranger = organisation_professional(app, "andere-org")
    assert client.get(f"/samenleer/t/{track_id}?lt={stranger.token}").status_code == 404
    assert client.get(f"/samenleer/t/{track_id}/export.json?lt={stranger.token}").status_code == 404


def test_one_guest_cannot_reach_another_track(app, client, pro):
    _first_id, first = tracked(app, pro, client, "Eerste")
    second_id = new_track(client, pro, "Tweede")
    second_path = invite_path(invite_link(client, pro, second_id))
    fresh = app.test_client()
    assert fresh.get(f"{second_path}/start?gt={first.token}").status_code == 302
    assert fresh.post(f"{second_path}/wissen", data={"gt": first.token}).status_code == 401


def test_forms_need_the_launch_token(app, client, pro):
    track_id = new_track(client, pro)
    assert client.post(f"/samenleer/t/{track_id}/verwijderen", data={}).status_code == 401
    assert client.get("/samenleer/").status_code == 401


def test_xapi_only_says_a_round_took_place(app, client, set_lrs):
    pro = organisation_professional(app, "lrs-org")
    with app.extensions["db"].session() as session:
        organisation_id = launch_from_row(session.query(LaunchSession).filter_by(
            learner_id=pro.learner_id).one()).organisation_id
    set_lrs(organisation_id, "http://127.0.0.1:9/xAPI", "key", "a-secret-value")
    track_id, _guest = _finished_round(app, client, pro, guest_texts={1: "PRIVE-TEKST"})
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "AFSPRAAK"})
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "AFSPRAAK 2"})
    with app.extensions["db"].session() as session:
        messages = session.query(OutboxMessage).all()
    assert len(messages) == 1
    statement = str(messages[0].payload)
    for private in ("PRIVE-TEKST", "AFSPRAAK", "Ali", "Mijn kant", "past-bij-mij"):
        assert private not in statement
    assert "/_samenleer/ronde" in statement
