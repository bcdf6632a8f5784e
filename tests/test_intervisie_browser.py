"""In real Chromium: a group of four runs the incidentmethode live (one shared screen and
three phones), an asynchronous session with its deadlines moved on, the privacy detector,
and the trainer who sees who took part but no content. axe on every intervisie page type."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from lti_tool.models import Organisation, utcnow
from lti_tool.models.intervisie import IntervisieSession
from tests.browser_support import PHONE, assert_accessible
from tests.intervisie_support import form_group, person, start_session, write

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CASE = ("Mijn nieuwe collega komt vaak te laat op zijn eerste werkdagen. Ik heb het nog niet "
        "benoemd, omdat ik hem niet wil afschrikken. Hoe begin ik dat gesprek?")


def _group_of_four(app):
    client = app.test_client()
    trainer = person(app, trainer=True)
    members = [person(app, name=n) for n in ("Anna Bakker", "Bram Kok", "Cem Aydin", "Dewi Lim")]
    group_id, _code = form_group(client, trainer, members)
    return client, trainer, members, group_id


def _phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_group_of_four_runs_the_incidentmethode_live(browser, page, live_server, app):
    client, _trainer, members, group_id = _group_of_four(app)
    anna, *others = members
    # Anna opens the group on the laptop at the table and starts a live session with her case.
    page.goto(f"{live_server}/intervisie/g/{group_id}?lt={anna.token}")
    assert_accessible(page, "on the group page")
    page.get_by_label("Incidentmethode").check()
    page.get_by_label("Live: samen aan tafel, met één gedeeld scherm").check()
    page.get_by_role("button", name="Bespreking beginnen").click()
    page.get_by_role("heading", name="Stap 1 van 6: De situatie").wait_for()
    page.get_by_label("Jouw tekst").fill(CASE)
    page.get_by_role("button", name="Controleren en delen").click()
    page.get_by_role("heading", name="Stap 2 van 6: Vragen om het te begrijpen").wait_for()
    page.get_by_role("link", name="Open het gedeelde scherm (voor de tafel)").click()
    page.locator("[role=timer]").wait_for()
    assert_accessible(page, "on the shared screen")
    session_url = page.url.split("/scherm")[0]
    session_path = session_url.split(live_server)[1]

    phones = [_phone(browser) for _ in others]
    try:
        tabs = []
        for context, member in zip(phones, others, strict=True):
            tab = context.new_page()
            tab.goto(f"{live_server}{session_path}?lt={member.token}")
            tab.get_by_text("Jij bent aan de beurt: vragen om het te begrijpen.").wait_for()
            tabs.append(tab)
        assert_accessible(tabs[0], "on a phone during the live session")
        _no_sideways_scroll(tabs[0])
        questions = ["Sinds wanneer komt hij te laat?", "Weet hij hoe laat hij er moet zijn?",
                     "Wat zegt jullie leidinggevende?"]
        for tab, question in zip(tabs, questions, strict=True):  # keyboard only on the phones
            tab.get_by_label("Jouw tekst").focus()
            tab.keyboard.type(question)
            tab.keyboard.press("Tab")
            tab.keyboard.press("Enter")
            tab.get_by_text(question).first.wait_for()
        for question in questions:  # the shared screen updates itself (polling)
            page.locator(".screen-entries").get_by_text(question).wait_for()
        tabs[0].get_by_label("Jouw tekst").fill("Hoe reageerde hij toen je het merkte?")
        if os.environ.get("INTERVISIE_SCREENSHOTS"):  # docs/screenshots/README.md
            page.screenshot(path=str(SCREENSHOTS / "issue-17-shared-screen.png"), full_page=True)
            tabs[0].screenshot(path=str(SCREENSHOTS / "issue-17-phone.png"), full_page=True)
        tabs[0].get_by_label("Jouw tekst").fill("")

        page.get_by_role("button", name="Naar de volgende stap").click()
        page.get_by_role("heading", name="Stap 3 van 6: De vraag waar de inbrenger hulp bij wil").wait_for()
        for tab in tabs:  # the phones follow on their own
            tab.get_by_text("Wacht tot de inbrenger een vraag heeft gekozen.").wait_for()
        anna_tab = page.context.new_page()
        anna_tab.goto(f"{session_url}?lt={anna.token}")
        anna_tab.get_by_label("Weet hij hoe laat hij er moet zijn?").check()
        anna_tab.get_by_role("button", name="Deze vraag kiezen").click()
        page.get_by_text("Gekozen vraag: Weet hij hoe laat hij er moet zijn?").wait_for()
        for tab, advice in zip(tabs, ("Als ik jou was, zou ik het morgen benoemen.",
                                      "Wat mij opvalt is dat je hem wilt sparen.",
                                      "Vraag eerst hoe zijn reis is."), strict=True):
            tab.get_by_text("Jij bent aan de beurt: ieders kijk of advies.").wait_for()
            tab.get_by_label("Jouw tekst").fill(advice)
            tab.get_by_role("button", name="Toevoegen").click()
            page.locator(".screen-entries").get_by_text(advice).wait_for()
        page.get_by_role("button", name="Naar de volgende stap").click()
        page.get_by_role("heading", name="Stap 5 van 6: Wat de inbrenger meeneemt").wait_for()
        anna_tab.reload()
        anna_tab.get_by_label("Jouw tekst").fill("Ik vraag morgen eerst hoe zijn reis gaat.")
        anna_tab.get_by_role("button", name="Toevoegen").click()
        page.get_by_role("heading", name="Stap 6 van 6: Hoe ging het?").wait_for()
        tabs[1].get_by_label("Jouw tekst").fill("Fijn, rustig tempo.")
        tabs[1].get_by_role("button", name="Toevoegen").click()
        page.get_by_role("button", name="Naar de volgende stap").click()
        page.get_by_role("heading", name="De bespreking is klaar").wait_for()
        tabs[2].get_by_text("De bespreking is klaar. Je hoeft niets meer te doen.").wait_for()
        assert tabs[2].get_by_text("Ik vraag morgen eerst hoe zijn reis gaat.").is_visible()
        assert_accessible(tabs[2], "on a finished session")
    finally:
        for context in phones:
            context.close()


def test_asynchronous_session_moves_on_when_deadlines_pass(browser, phone_page, live_server, app):
    client, _trainer, members, group_id = _group_of_four(app)
    anna, bram, _cem, _dewi = members
    session_id = start_session(client, anna, group_id, method="roddelmethode", mode="async")
    write(client, anna, session_id, "casus", CASE)
    phone_page.goto(f"{live_server}/intervisie/s/{session_id}?lt={bram.token}")
    phone_page.get_by_text("Jij bent aan de beurt: korte vragen.").wait_for()
    phone_page.locator("[data-deadline]").wait_for()
    assert_accessible(phone_page, "on an asynchronous step")
    for _step in range(2):  # two steps' deadlines pass without anyone writing
        with app.extensions["db"].session() as session:
            session.get(IntervisieSession, session_id).step_deadline = utcnow() - timedelta(minutes=1)
        phone_page.reload()
    phone_page.get_by_text("Wacht").or_(phone_page.get_by_text("Lees mee")).first.wait_for()
    phone_page.get_by_role("heading", name="Stap 4 van 5: Wat de inbrenger raakte").wait_for()
    _no_sideways_scroll(phone_page)


def test_detector_flags_and_the_inbrenger_decides(phone_page, live_server, app):
    client, _trainer, members, group_id = _group_of_four(app)
    session_id = start_session(client, members[0], group_id)
    phone_page.goto(f"{live_server}/intervisie/s/{session_id}?lt={members[0].token}")
    phone_page.get_by_role("heading", name="Denk aan privacy").wait_for()
    phone_page.get_by_label("Jouw tekst").fill(
        "Mijn collega Pieter, geboren 12-03-1988 en met BSN 111222333, kwam te laat.")
    phone_page.get_by_role("button", name="Controleren en delen").click()
    alert = phone_page.locator("#privacy-findings")
    alert.wait_for()
    for kind in ("name", "bsn", "date"):
        assert alert.locator(f"[data-finding={kind}]").count() == 1
    assert_accessible(phone_page, "with privacy findings")
    phone_page.get_by_role("button", name="Toch zo delen").click()
    phone_page.get_by_role("heading", name="Stap 2 van 6: Vragen om het te begrijpen").wait_for()


def test_trainer_sees_participation_not_content(page, live_server, app):
    client, trainer, members, group_id = _group_of_four(app)
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", CASE)
    page.goto(f"{live_server}/intervisie/trainer?lt={trainer.token}")
    page.get_by_role("heading", name="Groep Noord").wait_for()
    assert_accessible(page, "on the trainer page")
    assert CASE not in page.content()
    for path in (f"/intervisie/s/{session_id}", f"/intervisie/s/{session_id}/scherm",
                 f"/intervisie/g/{group_id}"):
        response = page.goto(f"{live_server}{path}?lt={trainer.token}")
        assert response.status == 403
        assert CASE not in page.content()
    page.goto(f"{live_server}/intervisie/?lt={members[1].token}")
    page.get_by_role("heading", name="Mijn groepen").wait_for()
    assert_accessible(page, "on the overview")
    page.goto(f"{live_server}/intervisie/s/{session_id}/verwijderen?lt={members[1].token}")
    assert_accessible(page, "on the delete page")
    page.get_by_role("button", name="Ja, verwijder de bespreking").click()
    page.get_by_text("De bespreking en alles wat erin stond zijn verwijderd.").wait_for()


def test_a_member_of_another_organisation_sees_only_the_regional_group(page, live_server, app,
                                                                       admin_auth):
    from tests.test_intervisie_regional import network_of, outsider

    client = app.test_client()
    trainer = person(app, trainer=True)
    members = [person(app, name=n) for n in ("Anna Bakker", "Bram Kok")]
    olga = outsider(app, "zorg-oost")
    network_of(client, "test-org", "zorg-oost")
    form_group(client, trainer, members, name="Alleen eigen organisatie")
    group_id, code = form_group(client, trainer, members, name="Regiogroep", regional=True)
    with app.extensions["db"].session() as session:
        for organisation in session.query(Organisation):
            organisation.display_name = {"zorg-oost": "Zorg Oost", "test-org": "Huis Noord"}.get(
                organisation.slug)
    page.goto(f"{live_server}/intervisie/?lt={olga.token}")
    page.get_by_label("Code van de groep").fill(code)
    page.get_by_label("Je naam in de groep").fill("Olga (Zorg Oost)")
    page.get_by_role("button", name="Aansluiten").click()
    page.get_by_role("heading", name="Regiogroep").wait_for()
    content = page.content()
    for hidden in ("Bakker", "Kok", "Alleen eigen organisatie", "Huis Noord"):
        assert hidden not in content, hidden
    assert "Zorg Oost" in page.locator(".brand-name").inner_text()  # her own organisation's look
    page.goto(f"{live_server}/intervisie/?lt={olga.token}")
    assert "Alleen eigen organisatie" not in page.content()
    context = page.context
    context.set_extra_http_headers({"Authorization": "Basic " + __import__("base64").b64encode(
        f"{admin_auth[0]}:{admin_auth[1]}".encode()).decode()})
    page.goto(f"{live_server}/admin/netwerken/")
    page.get_by_role("heading", name="Regionale netwerken").wait_for()
    assert_accessible(page, "on the networks admin page")


def test_a_practice_case_appears_for_another_learner_after_approval(page, live_server, app):
    from tests.test_intervisie_practice import SITUATION, _finished, _offer

    client = app.test_client()
    trainer, (anna, bram, cem), session_id = _finished(app, client)
    page.goto(f"{live_server}/intervisie/s/{session_id}/oefencasus?lt={anna.token}")
    assert_accessible(page, "on the offer page")
    assert _offer(client, anna, session_id).status_code == 303
    page.goto(f"{live_server}/intervisie/s/{session_id}?lt={bram.token}")
    page.get_by_role("button", name="Ik ga akkoord").click()
    page.locator("[data-offer-status=consent]").wait_for()
    client.post(f"/intervisie/s/{session_id}/oefencasus/akkoord", data={"lt": cem.token})
    page.goto(f"{live_server}/intervisie/trainer?lt={trainer.token}")
    assert_accessible(page, "on the trainer page with an offer")
    page.get_by_role("button", name="Goedkeuren Te laat komen").click()
    page.get_by_text("Er wachten geen oefencasussen op jouw besluit.").wait_for()
    other = person(app)
    page.goto(f"{live_server}/intervisie/oefencasussen?lt={other.token}")
    assert_accessible(page, "on the practice case list")
    page.get_by_role("link", name="Te laat komen").click()
    page.get_by_text(SITUATION).wait_for()
    assert_accessible(page, "on a practice case")
    page.get_by_label("Vraag eerst hoe het met de reis gaat.").check()
    page.get_by_role("button", name="Dit kies ik").click()
    page.get_by_text("Wat de inbrenger zelf meenam: Eerst vragen.").wait_for()
