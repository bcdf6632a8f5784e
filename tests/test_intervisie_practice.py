"""From case to shared practice: the inbrenger offers the anonymised case, the group agrees,
the trainer approves, and another learner of the course plays it as a case block."""

from __future__ import annotations

import re

from tests.intervisie_support import close, form_group, person, start_session, write

SITUATION = "Een nieuwe collega komt vaak te laat. Ik weet niet hoe ik het bespreek."


def _finished(app, client):
    trainer = person(app, trainer=True)
    members = [person(app, name=n) for n in ("Anna Bakker", "Bram Kok", "Cem Aydin")]
    group_id, _code = form_group(client, trainer, members)
    anna, bram, cem = members
    session_id = start_session(client, anna, group_id, method="roddelmethode")
    write(client, anna, session_id, "casus", "Mijn collega komt te laat. " + SITUATION)
    for who in (bram, cem):
        write(client, who, session_id, "vragen", "Sinds wanneer?")
    close(client, bram, session_id, 1)
    write(client, bram, session_id, "roddelen", "Benoem het meteen, vriendelijk en duidelijk.")
    write(client, cem, session_id, "roddelen", "Vraag eerst hoe het met de reis gaat.")
    close(client, cem, session_id, 2)
    write(client, anna, session_id, "reactie", "Ik vraag eerst naar de reis.")
    close(client, bram, session_id, 4)
    return trainer, members, session_id


def _advice_ids(client, anna, session_id) -> list[str]:
    page = client.get(f"/intervisie/s/{session_id}/oefencasus?lt={anna.token}").text
    return re.findall(r'name="advice" value="(\d+)"', page)


def _offer(client, anna, session_id, **extra):
    data = {"lt": anna.token, "title": "Te laat komen", "situation": SITUATION,
            "advice": _advice_ids(client, anna, session_id), "takeaway": "Eerst vragen.", **extra}
    return client.post(f"/intervisie/s/{session_id}/oefencasus", data=data)


def test_case_becomes_a_practice_case_after_consent_and_approval(app, client):
    trainer, (anna, bram, cem), session_id = _finished(app, client)
    assert len(_advice_ids(client, anna, session_id)) == 4  # what the others wrote: 2 questions, 2 views
    response = _offer(client, anna, session_id, advice=_advice_ids(client, anna, session_id)[2:])
    assert response.status_code == 303
    page = client.get(f"/intervisie/s/{session_id}?lt={bram.token}").text
    assert "Ik ga akkoord" in page and "Te laat komen" in page
    other = person(app)
    assert "Te laat komen" not in client.get(f"/intervisie/oefencasussen?lt={other.token}").text
    assert "Te laat komen" not in client.get(f"/intervisie/trainer?lt={trainer.token}").text
    for who in (bram, cem, cem):  # a second click changes nothing
        client.post(f"/intervisie/s/{session_id}/oefencasus/akkoord", data={"lt": who.token})
    trainer_page = client.get(f"/intervisie/trainer?lt={trainer.token}").text
    assert "Te laat komen" in trainer_page
    case_id = re.search(r"/intervisie/oefencasussen/(\d+)/goedkeuren", trainer_page).group(1)
    # a learner cannot approve, the trainer can
    assert client.post(f"/intervisie/oefencasussen/{case_id}/goedkeuren",
                       data={"lt": other.token}).status_code == 403
    client.post(f"/intervisie/oefencasussen/{case_id}/goedkeuren", data={"lt": trainer.token})
    listing = client.get(f"/intervisie/oefencasussen?lt={other.token}").text
    assert "Te laat komen" in listing and "een werkbegeleider uit het netwerk" in listing
    assert "Anna" not in listing
    play = client.get(f"/intervisie/oefencasussen/{case_id}?lt={other.token}").text
    assert SITUATION in play and "Vraag eerst hoe het met de reis gaat." in play
    choice = re.search(r'name="choice" value="([^"]+)"', play).group(1)
    played = client.post(f"/intervisie/oefencasussen/{case_id}", data={"lt": other.token,
                                                                       "choice": choice}).text
    assert "Wat de inbrenger zelf meenam: Eerst vragen." in played
    assert "Mijn collega komt te laat" not in play  # only the anonymised text travels


def test_offer_is_checked_for_traceable_details_and_may_credit_by_name(app, client):
    _trainer, (anna, bram, _cem), session_id = _finished(app, client)
    flagged = _offer(client, anna, session_id, situation="Mevrouw Jansen kwam te laat.")
    assert flagged.status_code == 422 and 'data-finding="name"' in flagged.text
    assert _offer(client, anna, session_id, situation="Mevrouw Jansen kwam te laat.",
                  confirmed="1", credit="1").status_code == 303
    page = client.get(f"/intervisie/s/{session_id}?lt={bram.token}").text
    assert "Mevrouw Jansen kwam te laat." in page


def test_only_the_inbrenger_offers_and_only_after_the_session(app, client):
    _trainer, (anna, bram, _cem), session_id = _finished(app, client)
    assert client.get(f"/intervisie/s/{session_id}/oefencasus?lt={bram.token}").status_code == 403
    assert _offer(client, anna, session_id, advice=[]).status_code == 422
