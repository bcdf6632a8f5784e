"""Praktijkopdrachten: the werkbegeleider's work, the feedback link (signed, expiring,
revocable, rate limited), the praktijkopleider's answers (once), who sees what; and the
trainer material (staff only, printable)."""

from __future__ import annotations

import re
from datetime import timedelta

from leerlijn_support import learner, trainer
from sqlalchemy import func, select
from test_concurrency_state import at_once
from zelfscan_support import other_org_launch

from lti_tool.models import utcnow
from lti_tool.models.leerlijn import LeerlijnFeedback, LeerlijnFeedbackInvite, LeerlijnWork

ASSIGNMENT = "feedbackgesprek"
URL = f"/leerlijn/opdracht/{ASSIGNMENT}"


def hand_in(client, token: str) -> None:
    answer = client.post(URL, data={"lt": token, "action": "submit",
                                    "what_i_did": "Gesprek met Noor <script>",
                                    "reflection": "Ik vroeg te weinig door."})
    assert answer.status_code == 303


def feedback_link(client, token: str) -> str:
    page = client.post(f"{URL}/link", data={"lt": token}).get_data(as_text=True)
    link = re.search(r'id="invite-link" value="([^"]+)"', page).group(1)
    assert "<svg" in page
    return "/" + link.split("/", 3)[3]


def count(app, model) -> int:
    with app.extensions["db"].session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_work_is_saved_then_handed_in_once(app, client):
    me = learner(app)
    page = client.get(f"{URL}?lt={me.token}").get_data(as_text=True)
    assert "Voer een kort feedbackgesprek" in page and "Let hierop" in page
    draft = client.post(URL, data={"lt": me.token, "action": "save", "what_i_did": "Half", "reflection": ""})
    assert draft.status_code == 303
    refused = client.post(URL, data={"lt": me.token, "action": "submit", "what_i_did": "Iets",
                                     "reflection": ""})
    assert refused.status_code == 400
    hand_in(client, me.token)
    hand_in(client, me.token)
    assert count(app, LeerlijnWork) == 1
    page = client.get(f"{URL}?lt={me.token}").get_data(as_text=True)
    assert "Gesprek met Noor &lt;script&gt;" in page and "Maak een link voor feedback" in page


def test_praktijkopleider_answers_once_and_the_werkbegeleider_sees_it(app, client):
    me = learner(app)
    hand_in(client, me.token)
    path = feedback_link(client, me.token)
    guest = app.test_client()
    page = guest.get(path).get_data(as_text=True)
    assert "Feedback voor Sam" in page and "Gesprek met Noor &lt;script&gt;" in page
    assert "Ik vroeg te weinig door" not in page  # the reflection stays private
    page = guest.get(path).get_data(as_text=True)
    form_token = re.search(r'name="ft" value="([^"]+)"', page).group(1)
    data = {"ft": form_token, "role": "praktijkopleider", "q-goed": "Rustig en duidelijk.",
            "q-sfeer": "Ontspannen <b>"}
    assert guest.post(path, data=data).status_code == 303
    assert guest.post(path, data=data).status_code == 303  # sent twice: stored once
    assert count(app, LeerlijnFeedback) == 1
    assert "Bedankt voor je feedback" in guest.get(path).get_data(as_text=True)
    mine = client.get(f"{URL}?lt={me.token}").get_data(as_text=True)
    assert "Ontspannen &lt;b&gt;" in mine and "Rustig en duidelijk." in mine
    coach = trainer(app)
    trainer_page = client.get(f"{URL}?lt={coach.token}").get_data(as_text=True)
    assert "Ontspannen" not in trainer_page and "Gesprek met Noor" not in trainer_page


def test_the_form_needs_its_token_and_an_answer(app, client):
    me = learner(app)
    hand_in(client, me.token)
    path = feedback_link(client, me.token)
    guest = app.test_client()
    assert guest.post(path, data={"role": "teamleider", "q-goed": "x"}).status_code == 400
    page = guest.get(path).get_data(as_text=True)
    form_token = re.search(r'name="ft" value="([^"]+)"', page).group(1)
    assert guest.post(path, data={"ft": form_token, "role": "teamleider"}).status_code == 400
    assert guest.post(path, data={"ft": form_token, "role": "baas", "q-goed": "x"}).status_code == 400
    assert count(app, LeerlijnFeedback) == 0


def test_links_end_when_revoked_replaced_expired_or_tampered(app, client):
    me = learner(app)
    hand_in(client, me.token)
    first = feedback_link(client, me.token)
    second = feedback_link(client, me.token)
    guest = app.test_client()
    assert guest.get(first).status_code == 410  # a new link revokes the old one
    assert guest.get(second).status_code == 200
    assert guest.get(second[:-4] + "abc/").status_code == 404
    assert guest.get("/f/not-a-token/").status_code == 404
    client.post(f"{URL}/link/intrekken", data={"lt": me.token})
    assert guest.get(second).status_code == 410
    third = feedback_link(client, me.token)
    with app.extensions["db"].session() as session:
        for invite in session.scalars(select(LeerlijnFeedbackInvite)):
            invite.expires_at = utcnow() - timedelta(minutes=1)
    assert guest.get(third).status_code == 410


def test_a_double_submit_of_the_feedback_stores_it_once(app, client, live_server):
    me = learner(app)
    hand_in(client, me.token)
    path = feedback_link(client, me.token)
    page = app.test_client().get(path).get_data(as_text=True)
    form_token = re.search(r'name="ft" value="([^"]+)"', page).group(1)
    answers = at_once(5, lambda http: http.post(
        live_server + path, data={"ft": form_token, "role": "teamleider", "q-goed": "Goed"},
        allow_redirects=False, timeout=60))
    assert {r.status_code for r in answers} == {303}
    assert count(app, LeerlijnFeedback) == 1


def test_feedback_answers_are_rate_limited(app, client):
    me = learner(app)
    hand_in(client, me.token)
    path = feedback_link(client, me.token)
    guest = app.test_client()
    page = guest.get(path).get_data(as_text=True)
    form_token = re.search(r'name="ft" value="([^"]+)"', page).group(1)
    statuses = [guest.post(path, data={"ft": form_token, "role": "teamleider"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_others_cannot_reach_the_work(app, client):
    me = learner(app)
    hand_in(client, me.token)
    stranger = other_org_launch(app, context_id="course-1")
    page = client.get(f"{URL}?lt={stranger.token}").get_data(as_text=True)
    assert "Gesprek met Noor" not in page
    assert client.get(f"/leerlijn/opdracht/bestaat-niet?lt={me.token}").status_code == 404


def test_trainer_material_is_for_staff_only_and_printable(app, client):
    me, coach = learner(app), trainer(app)
    for path in ("/leerlijn/trainer", "/leerlijn/trainer/feedback-geven-en-ontvangen"):
        assert client.get(f"{path}?lt={me.token}").status_code == 403
        page = client.get(f"{path}?lt={coach.token}")
        assert page.status_code == 200
        assert 'media="print"' in page.get_data(as_text=True)
    plan = client.get(f"/leerlijn/trainer/feedback-geven-en-ontvangen?lt={coach.token}"
                      ).get_data(as_text=True)
    assert "Tijdsplanning" in plan and "De casus" in plan and "Vragen voor de groep" in plan
    assert client.get(f"/leerlijn/trainer/escape-room?lt={coach.token}").status_code == 200
    assert client.get(f"/leerlijn/trainer/bestaat-niet?lt={coach.token}").status_code == 404
    css = client.get("/static/leerlijn/print.css").get_data(as_text=True)
    assert ".site-header" in css and "display: none" in css
