"""The learning path puts the modules for the learner's weakest areas first and says why;
the rest of the path is folded away. The course home's advice fits how the learner came in."""

from __future__ import annotations

import re

import pytest
from test_zelfscan_flow import finish_scan
from zelfscan_support import FRAMEWORK, get, make_launch

from lti_tool.content import get_course
from lti_tool.content.zelfscan_loader import frameworks_for
from lti_tool.zelfscan.path import weakest_areas


@pytest.fixture
def fw(app):
    return frameworks_for(get_course(app.extensions["settings"]))[FRAMEWORK]


def test_weakest_areas_lowest_first_strengths_and_unknown_out(fw):
    ids = [area.id for area in fw.areas]
    means = dict.fromkeys(ids, 4.5)
    means[ids[2]], means[ids[0]] = 1.5, 2.0
    assert weakest_areas(fw, means) == [ids[2], ids[0]]
    means[ids[1]] = None  # "weet ik niet" is no low score
    assert weakest_areas(fw, means) == [ids[2], ids[0]]
    tied = dict.fromkeys(ids, 3.0)
    assert weakest_areas(fw, tied) == ids[:3]  # equal scores: the framework's order
    assert weakest_areas(fw, dict.fromkeys(ids, 4.0)) == []


def test_path_shows_the_weakest_areas_modules_first_with_the_reason(app, client, fw):
    learner = make_launch(app)
    values = ["3"] * len(fw.areas)
    values[0], values[1], values[2] = "1", "2", "2"
    finish_scan(client, learner.token, fw, values)
    for url in ("/learn/course", f"/zelfscan/{FRAMEWORK}/resultaat"):
        html = get(client, url, learner.token)
        focus, _sep, rest = html.partition('<details class="zs-other-modules">')
        assert rest, f"no folded 'Overige modules' on {url}"
        focus_list = re.search(r'<ol class="zs-course-path-list zs-focus">(.*?)</ol>', focus, re.S).group(1)
        weakest = fw.areas[0]
        assert f"Omdat je bij <span>{weakest.title}" in focus_list
        low_modules = {link.module for area in fw.areas[:3] for link in area.modules}
        shown = re.findall(r"/learn/m/([\w-]+)\?", focus_list)
        folded = re.findall(r"/learn/m/([\w-]+)\?", rest.split("</details>")[0])
        assert shown and set(shown) <= low_modules  # first: only modules for the low areas
        assert folded and not set(shown) & set(folded)
        # The module that helps the lowest area most is among the first.
        top = max(weakest.modules, key=lambda link: link.weight).module
        assert top in shown
        assert "Overige modules in je leerpad" in rest.split("</details>")[0]
        assert "Omdat je bij" not in rest.split("</details>")[0]


def test_a_module_placement_is_not_told_to_do_the_scan_first(app, client, settings):
    module = get_course(settings).modules[0]
    learner = make_launch(app, content_item_id=module.id)
    html = get(client, "/learn/course", learner.token)
    assert "Doe eerst de zelfscan" not in html
    assert "Je leeromgeving opende de module:" in html and module.title in html
    course_launch = make_launch(app)
    html = get(client, "/learn/course", course_launch.token)
    assert "Je kunt meteen met een module beginnen" in html


@pytest.mark.browser
def test_path_with_reasons_and_folded_rest_in_the_browser(app, client, fw, page, live_server):
    from browser_support import assert_accessible

    learner = make_launch(app)
    values = ["3"] * len(fw.areas)
    values[0] = "1"
    finish_scan(client, learner.token, fw, values)
    page.goto(f"{live_server}/learn/course?lt={learner.token}")
    reason = page.locator(".zs-focus .zs-reason").first
    assert reason.inner_text() == f"Omdat je bij {fw.areas[0].title} lager scoorde."
    others = page.locator("details.zs-other-modules")
    assert not others.locator("li").first.is_visible()
    others.locator("summary").click()
    assert others.locator("li").first.is_visible()
    assert_accessible(page, "course home with the focused path and the rest opened")
    page.goto(f"{live_server}/zelfscan/{FRAMEWORK}/resultaat?lt={learner.token}")
    assert page.locator(".zs-focus li").count() >= 1
    assert_accessible(page, "result with the focused path")
