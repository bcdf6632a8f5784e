"""The zelfscan in real Chromium: a full scan on a phone, one question per screen, and
axe-core on the scan, result, path and group pages."""

from __future__ import annotations

import pytest
from browser_support import assert_accessible
from zelfscan_support import FRAMEWORK, INSTRUCTOR, ITEM, add_finished_scan, make_launch

from lti_tool.content import get_course
from lti_tool.content.zelfscan_loader import frameworks_for

pytestmark = pytest.mark.browser


def visible_questions(page) -> int:
    return page.locator("fieldset.zs-question:visible").count()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_full_scan_on_a_phone(app, phone_page, live_server):
    page = phone_page
    fw = frameworks_for(get_course(app.extensions["settings"]))[FRAMEWORK]
    lt = make_launch(app, content_item_id=ITEM).token
    errors: list[str] = []
    page.on("response",
            lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    page.goto(f"{live_server}/learn?lt={lt}")
    assert page.locator("h1").inner_text() == fw.title
    page.get_by_role("button", name="Begin met de zelfscan").click()
    for number, area in enumerate(fw.areas):
        page.wait_for_selector(f"h1:text-is('{area.title}')")
        page.wait_for_selector(".zs-step-nav")  # the stepper has run (its script is deferred)
        if number == 0:
            assert no_sideways_scroll(page)
            assert_accessible(page, "scan question on a phone")
        for index, statement in enumerate(area.statements):
            assert visible_questions(page) == 1
            assert page.locator(f"#vraag-{statement.id}").is_visible()
            choice = "weet-niet" if index == 1 else str(1 + (number + index) % 5)
            label = page.locator(f"label[for='s-{statement.id}-{'x' if choice == 'weet-niet' else choice}']")
            box = label.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 200  # easy to tap
            with page.expect_response(lambda r: "/antwoord" in r.url) as saved:
                label.click()
            assert saved.value.status == 204  # saved as it was given
            if index < len(area.statements) - 1:
                page.get_by_role("button", name="Volgende vraag").click()
                assert page.evaluate("document.activeElement.tagName") == "FIELDSET"
        last = number == len(fw.areas) - 1
        page.get_by_role("button", name="Naar het overzicht" if last else "Volgend onderdeel").click()
    page.wait_for_selector("h1:text-is('Bijna klaar')")
    page.get_by_role("button", name="Rond de zelfscan af en bekijk je resultaat").click()
    page.wait_for_selector("h1:text-is('Jouw resultaat')")
    assert page.locator("svg[role=img] title").count() == 1
    assert page.locator("#zs-scores tbody tr").count() == len(fw.areas)
    assert no_sideways_scroll(page)
    assert_accessible(page, "result on a phone")
    assert errors == []


def test_wide_screen_groups_questions_and_pages_are_accessible(app, page, live_server):
    fw = frameworks_for(get_course(app.extensions["settings"]))[FRAMEWORK]
    lt = make_launch(app, content_item_id=ITEM).token
    page.goto(f"{live_server}/zelfscan/{FRAMEWORK}?lt={lt}")
    assert_accessible(page, "start page")
    page.get_by_role("button", name="Begin met de zelfscan").click()
    page.wait_for_selector(f"h1:text-is('{fw.areas[0].title}')")
    assert visible_questions(page) == len(fw.areas[0].statements)
    assert page.get_by_role("button", name="Volgende vraag").is_hidden()
    # Keyboard: arrow keys move within one scale, as radio groups do.
    page.locator(f"#s-{fw.areas[0].statements[0].id}-3").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(f"#s-{fw.areas[0].statements[0].id}-4").is_checked()
    assert_accessible(page, "scan area on a wide screen")
    page.get_by_role("button", name="Bewaar en bekijk overzicht").click()
    page.wait_for_selector("h1:text-is('Bijna klaar')")
    assert_accessible(page, "review page")
    page.get_by_role("button", name="Rond de zelfscan af en bekijk je resultaat").click()
    page.wait_for_selector("h1:text-is('Jouw resultaat')")
    assert_accessible(page, "result page")
    page.get_by_role("link", name="Leerpad aanpassen").click()
    page.wait_for_selector("h1:text-is('Jouw leerpad')")
    assert_accessible(page, "learning path page")
    page.goto(f"{live_server}/learn/course?lt={lt}")
    assert page.locator(".zs-course-path").is_visible()
    assert_accessible(page, "course home with the path")


def test_group_pages_are_accessible(app, page, live_server):
    fw = frameworks_for(get_course(app.extensions["settings"]))[FRAMEWORK]
    sharer = None
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        info = make_launch(app)
        add_finished_scan(app, info, {a.id: value for a in fw.areas},
                          answers={s.id: int(value) for s in fw.statements})
        sharer = sharer or info
    from lti_tool.models.zelfscan import ZelfscanConsent

    with app.extensions["db"].session() as session:
        session.add(ZelfscanConsent(learner_id=sharer.learner_id, context_id=sharer.context_id,
                                    framework_id=FRAMEWORK, shared=True))
    lt = make_launch(app, roles=(INSTRUCTOR,)).token
    page.goto(f"{live_server}/zelfscan/{FRAMEWORK}/groep?lt={lt}")
    assert page.locator("#zs-group-table tbody tr").count() == len(fw.areas)
    assert_accessible(page, "group profile")
    page.get_by_role("link", name="Sam de Vries").click()
    page.wait_for_selector("h1:has-text('Gedeeld resultaat')")
    assert_accessible(page, "shared result")
