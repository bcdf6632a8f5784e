"""Rounds: blind answering, the side-by-side view, agreements, rhythm and history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lti_tool.models import utcnow
from lti_tool.models.samenleer import SamenleerMeeting, SamenleerRound, SamenleerTrack
from lti_tool.samenleer.rhythm import rhythm
from tests.samenleer_support import guest_answers, new_track, pro_answers, professional, tracked


@pytest.fixture
def pro(app):
    return professional(app)


def test_neither_side_sees_the_other_before_both_are_done(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    guest_answers(client, app, guest, [2, 2, 2, 2, 2], {1: "GAST-GEHEIM"}, done=False)
    pro_answers(client, app, pro, track_id, [5, 5, 5, 5, 5], {1: "PRO-GEHEIM"}, done=True)
    round_page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert "GAST-GEHEIM" not in round_page and "Gesprek openen" in round_page
    assert client.get(f"{guest.path}/samen?gt={guest.token}").status_code == 302
    home = client.get(f"{guest.path}/start?gt={guest.token}").text
    assert "PRO-GEHEIM" not in home

    client.post(f"{guest.path}/klaar", data={"gt": guest.token})
    round_page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert "GAST-GEHEIM" in round_page and "PRO-GEHEIM" in round_page
    together = client.get(f"{guest.path}/samen?gt={guest.token}")
    assert together.status_code == 200 and "PRO-GEHEIM" in together.text


def test_answers_are_locked_after_done(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    guest_answers(client, app, guest, [3, 3, 3, 3, 3])
    assert client.get(f"{guest.path}/vraag/1?gt={guest.token}").status_code == 302
    client.post(f"{guest.path}/vraag/1", data={"gt": guest.token, "score": "1"})
    with app.extensions["db"].session() as session:
        scores = {a.score for a in session.query(SamenleerRound).one().answers}
    assert scores == {3, None}  # themes 3, own topic without a score


def test_professional_can_open_the_conversation_early(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    guest_answers(client, app, guest, [4], {1: "half klaar"}, done=False)
    assert client.post(f"/samenleer/t/{track_id}/r/1/openen", data={"lt": pro.token}).status_code == 303
    assert "half klaar" in client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert client.get(f"{guest.path}/samen?gt={guest.token}").status_code == 200
    assert client.get(f"{guest.path}/vraag/2?gt={guest.token}").status_code == 302  # frozen now


def test_side_by_side_marks_the_biggest_differences(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    pro_answers(client, app, pro, track_id, [5, 4, 4, 3, None])
    guest_answers(client, app, guest, [1, 4, 3, 3, 2])
    page = client.get(f"/samenleer/t/{track_id}/r/1?lt={pro.token}").text
    assert page.count('class="biggest"') == 1
    assert "Begin het gesprek hier" in page and "verschil 4" in page
    assert "Verschil: bespreek dit eerst" in page


def test_agreements_are_shown_at_the_next_round(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    pro_answers(client, app, pro, track_id, [4, 4, 4, 4, 4])
    guest_answers(client, app, guest, [4, 4, 4, 4, 4])
    response = client.post(f"/samenleer/t/{track_id}/r/1/afspraken",
                           data={"lt": pro.token, "agreements": "We bellen elke maandag even."})
    assert response.status_code == 303
    client.post(f"/samenleer/t/{track_id}/rondes", data={"lt": pro.token})
    assert "We bellen elke maandag even." in client.get(f"{guest.path}/start?gt={guest.token}").text
    track_page = client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text
    assert "We bellen elke maandag even." in track_page and "Ronde 2 loopt" in track_page


def test_agreements_need_a_revealed_round(app, client, pro):
    track_id, _guest = tracked(app, pro, client)
    response = client.post(f"/samenleer/t/{track_id}/r/1/afspraken",
                           data={"lt": pro.token, "agreements": "x"})
    assert response.status_code == 409


def test_rhythm_first_round_after_three_meetings_then_the_interval(app, client, pro):
    track_id = new_track(client, pro)
    overview = client.get(f"/samenleer/?lt={pro.token}").text
    assert "Na nog 3 begeleidingsgesprekken" in overview
    for days in (30, 20, 10):
        held = (date.today() - timedelta(days=days)).isoformat()
        assert client.post(f"/samenleer/t/{track_id}/gesprekken",
                           data={"lt": pro.token, "held_on": held, "note": "kort"}).status_code == 303
    assert "Tijd voor de eerste ronde" in client.get(f"/samenleer/?lt={pro.token}").text
    future = (date.today() + timedelta(days=2)).isoformat()
    client.post(f"/samenleer/t/{track_id}/gesprekken", data={"lt": pro.token, "held_on": future})
    client.post(f"/samenleer/t/{track_id}/instellingen",
                data={"lt": pro.token, "label": "Ali", "interval_weeks": "4"})
    with app.extensions["db"].session() as session:
        track = session.get(SamenleerTrack, track_id)
        assert len(track.meetings) == 3 and track.interval_weeks == 4
        closed = SamenleerRound(track=track, number=1, agreements="", pro_done_at=utcnow(),
                                guest_done_at=utcnow(), closed_at=utcnow() - timedelta(weeks=5))
        session.add(closed)
        session.flush()
        assert rhythm(track, date.today()).is_due
        closed.closed_at = utcnow() - timedelta(weeks=1)
        later = rhythm(track, date.today())
        assert later.status == "later" and later.due_on == date.today() + timedelta(weeks=3)


def test_rhythm_units():
    track = SamenleerTrack(label="x", interval_weeks=6, code_salt="00")
    track.meetings = [SamenleerMeeting(held_on=date.today(), note="") for _ in range(2)]
    assert rhythm(track, date.today()).meetings_to_go == 1
    track.rounds = [SamenleerRound(number=1, agreements="")]
    assert rhythm(track, date.today()).status == "running"


def test_history_shows_trend_per_theme(app, client, pro):
    track_id, guest = tracked(app, pro, client)
    pro_answers(client, app, pro, track_id, [2, 3, 3, 3, 3])
    guest_answers(client, app, guest, [1, 3, 3, 3, 3])
    client.post(f"/samenleer/t/{track_id}/r/1/afspraken", data={"lt": pro.token, "agreements": "a"})
    client.post(f"/samenleer/t/{track_id}/rondes", data={"lt": pro.token})
    pro_answers(client, app, pro, track_id, [4, 3, 3, 3, 3], number=2)
    guest_answers(client, app, guest, [5, 3, 3, 3, 3])
    page = client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text
    assert page.count('class="trend-chart"') == 4  # a choice of topics has no line
    assert '<polyline class="line-pro"' in page and '<polyline class="line-guest"' in page
    # Each score in the words of its theme's scale.
    assert "<th scope=\"row\">2</th><td>Past goed</td><td>Past heel goed</td>" in page


def test_visual_version_has_pictograms_faces_and_read_aloud(app, client, pro):
    _track_id, guest = tracked(app, pro, client, visual=True)
    page = client.get(f"{guest.path}/vraag/1?gt={guest.token}").text
    assert 'class="pictogram"' in page and 'role="img" aria-label="Twee puzzelstukjes' in page
    assert page.count('class="picture picture-') == 5
    for label in ("Past helemaal niet", "Past niet zo goed", "Past goed", "Past heel goed"):
        assert f'<span class="scale-label">{label}</span>' in page
    assert 'data-speak="vraag-tekst schaal woorden-label"' in page
    assert "voorlezen.js" in page and 'id="voorlezen-niet"' in page
    assert "Past de hulp bij mij?" in page  # the very short sentence


def test_plain_version_has_no_faces(app, client, pro):
    _track_id, guest = tracked(app, pro, client, visual=False)
    page = client.get(f"{guest.path}/vraag/1?gt={guest.token}").text
    assert 'class="picture' not in page and "data-speak" not in page
    assert "Helpt de begeleiding jou bij wat jij nu nodig hebt?" in page


def test_a_samenleer_placement_opens_the_overview(client, pro):
    response = client.get(f"/learn?lt={pro.token}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/samenleer/?lt=")
    assert "Samenleer-gesprekken" in client.get(response.headers["Location"]).text
