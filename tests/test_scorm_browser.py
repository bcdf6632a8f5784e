"""Exported SCOs in real Chromium: inside a page with a real SCORM runtime (scorm-again)
for both versions, opened without any LMS, and the SCORM 1.2 suspend_data budget."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html

from devlms.module_walker import best_conversation, right_sorting, shortest_path_to_an_end
from lti_tool.blocks import KINDS
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.blocks.sorting import shown_order
from lti_tool.content import load_package
from lti_tool.content.model import (
    CaseBlock,
    EscapeRoomBlock,
    Module,
    QuizBlock,
    ReflectionBlock,
    ScenarioBlock,
    SortingBlock,
)
from lti_tool.settings import PROJECT_ROOT
from scorm_export import ScormVersion, build_scorm
from tests.browser_support import assert_accessible
from tests.scorm_support import npm_tools, serve_directory, unzip

pytestmark = pytest.mark.browser

PACKAGE = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
HOST_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Test-LMS</title>
<script src="vendor/scorm-again.min.js"></script></head>
<body><iframe id="sco" title="Module" style="width:100%;height:90vh"></iframe></body></html>
"""
START_SCO = """([version, saved, src]) => {
  const settings = {lmsCommitUrl: false, autocommit: false, logLevel: 5};
  const api = version === "1.2" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  if (saved) { api.loadFromJSON(saved, ""); }
  window.calls = [];
  const names = version === "1.2" ? ["LMSInitialize", "LMSCommit", "LMSFinish"]
                                  : ["Initialize", "Commit", "Terminate"];
  names.forEach((name) => api.on(name, () => window.calls.push(name)));
  window.written = {};
  api.on(version === "1.2" ? "LMSSetValue" : "SetValue",
         (element, value) => { window.written[element] = value; });
  window[version === "1.2" ? "API" : "API_1484_11"] = api;
  window.lmsApi = api;
  document.getElementById("sco").src = src;
}"""
SESSION_TIME = {ScormVersion.SCORM_12: r"^\d{4}:\d{2}:\d{2}\.\d{2}$",
                ScormVersion.SCORM_2004: r"^PT\d+H\d+M\d+(\.\d+)?S$"}


@pytest.fixture(scope="module")
def course():
    return load_package(PACKAGE)


@pytest.fixture(scope="module")
def quiz_module(course) -> Module:
    return next(m for m in course.modules if m.quizzes)


@pytest.fixture(scope="module", params=list(ScormVersion), ids=lambda v: f"scorm{v.value}")
def lms_site(request, course, tmp_path_factory):
    """The exported course under ``sco/``, scorm-again and a host page, over HTTP."""
    version = request.param
    root = tmp_path_factory.mktemp(f"lms-{version.value}")
    unzip(build_scorm(course, version), root / "sco")
    (root / "vendor").mkdir()
    shutil.copy(npm_tools() / "scorm-again" / "dist" / "scorm-again.min.js", root / "vendor")
    (root / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    with serve_directory(root) as base:
        yield version, base


@pytest.fixture(scope="module")
def package_on_disk(course, tmp_path_factory):
    return unzip(build_scorm(course, ScormVersion.SCORM_12), tmp_path_factory.mktemp("disk"))


# ---- driving a SCO -----------------------------------------------------------------------------

def go_to_step(frame, index: int) -> None:
    details = frame.locator("details.step-list")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    frame.locator(f'.step-list a[data-step="{index}"]').click()


def visible_block(frame):
    return frame.locator("section[data-index]:not([hidden])")


def answer_quiz_correctly(frame, quiz: QuizBlock) -> None:
    for question in quiz.questions:
        for option in question.options:
            if option.correct:
                frame.locator(f"#{quiz.id}-{question.id}-{option.id}").check()
    visible_block(frame).locator("form.quiz-form button[type=submit]").click()


def do_block(frame, block) -> None:
    section = visible_block(frame)
    if isinstance(block, QuizBlock) and section.locator("form.quiz-form").count():
        answer_quiz_correctly(frame, block)
    elif isinstance(block, ReflectionBlock):
        section.locator("textarea").fill("Ik let op mijn eigen grenzen. " * 10)
        section.locator("form.reflection-form button").click()
    elif isinstance(block, CaseBlock) and section.locator("form.case-form").count():
        for step_id, choice_id in shortest_path_to_an_end(block):  # a first choice may loop back
            section.locator(f"#{block.id}-{step_id}-{choice_id}").check()
            section.locator("form.case-form button").click()
    elif isinstance(block, SortingBlock) and section.locator("form.sorting-form").count():
        answer_sorting(section, block, right_sorting(block))
    elif isinstance(block, ScenarioBlock):
        best = dict(best_conversation(block))
        while section.locator("form.scenario-form").count():
            step_id = section.locator("form.scenario-form input[name=step]").input_value()
            section.locator(f"#{block.id}-{step_id}-{best[step_id]}").check()
            section.locator("form.scenario-form button[type=submit]").click()
    elif isinstance(block, EscapeRoomBlock):
        play_escape_room(section, block)


def play_escape_room(section, block: EscapeRoomBlock) -> None:
    """Into the room, each object opened and its puzzle solved, then the code on the door."""
    if section.locator("form.room-start").count():
        section.get_by_role("button", name="Ga de kamer in").click()
    for puzzle in block.puzzles:
        section.locator(f'[data-open="p-{block.id}-{puzzle.id}"]').click()
        panel = section.locator(f"#p-{block.id}-{puzzle.id}")
        if panel.locator('[data-when="open"]').is_visible():
            panel.locator(f"#{block.id}-{puzzle.id}-answer").fill(puzzle.answer[0])
            panel.get_by_role("button", name="Controleer").click()
        assert panel.locator('[data-when="solved"]').is_visible()
    section.locator(f'[data-open="p-{block.id}-slot"]').click()
    section.locator(f"#{block.id}-code").fill(block.code)
    section.get_by_role("button", name="Open de deur").click()
    section.locator(".room-ending").wait_for()


def answer_sorting(section, block: SortingBlock, fields: list[tuple[str, str]]) -> None:
    for name, value in fields:
        item_id = name.split("-", 1)[1]
        if block.mode == "matching":
            section.locator(f"#{block.id}-{item_id}-{value}").check()
        else:
            section.locator(f"#{block.id}-{item_id}").select_option(value)
    section.locator("form.sorting-form button[type=submit]").click()


def complete_module(frame, module: Module) -> None:
    go_to_step(frame, 0)
    for block in module.blocks:
        assert visible_block(frame).get_attribute("id") == f"b-{block.id}"
        do_block(frame, block)
        frame.locator('[data-nav="next"]').click()
    assert frame.locator("#b-summary").is_visible()


def leave(page) -> dict:
    """Navigate the SCO away (pagehide terminates it) and return the LMS's cmi data."""
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.lmsApi.isTerminated()")
    return page.evaluate("JSON.parse(JSON.stringify(window.lmsApi.cmi))")


def stored(version: ScormVersion, cmi: dict) -> dict:
    """What an LMS keeps between sessions and hands to the next one (entry=resume)."""
    if version is ScormVersion.SCORM_12:
        core = cmi["core"]
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"], "lesson_status": core["lesson_status"],
                         "entry": "resume" if core["exit"] == "suspend" else ""}}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"],
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "entry": "resume" if cmi["exit"] == "suspend" else ""}


def values(version: ScormVersion, cmi: dict) -> dict:
    if version is ScormVersion.SCORM_12:
        core = cmi["core"]
        return {"status": core["lesson_status"], "location": core["lesson_location"],
                "exit": core["exit"], "raw": core["score"]["raw"], "suspend": cmi["suspend_data"]}
    return {"status": (cmi["completion_status"], cmi["success_status"]), "location": cmi["location"],
            "exit": cmi["exit"], "raw": cmi["score"]["raw"], "scaled": cmi["score"]["scaled"],
            "suspend": cmi["suspend_data"],
            "measure": cmi["progress_measure"]}


# ---- tests ---------------------------------------------------------------------------------------

def test_quiz_leave_resume_and_complete_with_a_real_scorm_runtime(page, lms_site, quiz_module):
    version, base = lms_site
    quiz = quiz_module.quizzes[0]
    quiz_index = quiz_module.index(quiz.id)
    src = f"sco/{quiz_module.id}.html"
    page.goto(f"{base}/host.html")
    page.evaluate(START_SCO, [version.value, None, src])
    frame = page.frame_locator("#sco")
    assert frame.locator("h1").inner_text() == quiz_module.title
    assert frame.locator("#lms-notice").is_hidden()

    go_to_step(frame, quiz_index)
    answer_quiz_correctly(frame, quiz)
    assert "Je hebt de quiz gehaald" in frame.locator("#resultaat").inner_text()
    first = values(version, leave(page))
    written = page.evaluate("window.written")
    calls = page.evaluate("window.calls")
    assert calls.count(calls[-1]) == 1 and calls[-1] in ("LMSFinish", "Terminate"), calls
    assert calls.count("LMSCommit" if version is ScormVersion.SCORM_12 else "Commit") >= 1

    assert first["location"] == quiz.id
    assert first["exit"] == "suspend"
    assert first["raw"] == ""  # no score before the module is complete
    time_element = "cmi.core.session_time" if version is ScormVersion.SCORM_12 else "cmi.session_time"
    assert re.match(SESSION_TIME[version], written[time_element]), written
    assert first["suspend"].startswith("v1|") and f"|q{quiz_index}=" in first["suspend"]
    assert len(first["suspend"]) <= version.suspend_budget
    if version is ScormVersion.SCORM_12:
        assert first["status"] == "incomplete"
    else:
        assert first["status"] == ("incomplete", "unknown")
        done = sum(1 for b in quiz_module.blocks if b.id == quiz.id)
        assert float(first["measure"]) == pytest.approx(done / len(quiz_module.blocks), abs=0.01)

    saved = stored(version, page.evaluate("JSON.parse(JSON.stringify(window.lmsApi.cmi))"))
    page.goto(f"{base}/host.html")
    page.evaluate(START_SCO, [version.value, saved, src])
    frame = page.frame_locator("#sco")
    assert visible_block(frame).get_attribute("id") == f"b-{quiz.id}"
    assert "Je hebt de quiz gehaald" in frame.locator("#resultaat").inner_text()

    complete_module(frame, quiz_module)
    assert "Je hebt deze module afgerond" in frame.locator("#summary-body").inner_text()
    final = values(version, leave(page))
    assert final["location"] == quiz_module.blocks[-1].id
    assert float(final["raw"]) == 100
    assert len(final["suspend"]) <= version.suspend_budget
    if version is ScormVersion.SCORM_12:
        assert (final["status"], final["exit"]) == ("passed", "")
    else:
        assert final["status"] == ("completed", "passed")
        assert (float(final["scaled"]), final["exit"], float(final["measure"])) == (1.0, "normal", 1.0)


def test_without_an_lms_the_package_plays_keeps_progress_and_says_so(page, package_on_disk, course):
    module = next(m for m in course.modules if any(isinstance(b, EscapeRoomBlock) for b in m.blocks))
    room = next(b for b in module.blocks if isinstance(b, EscapeRoomBlock))
    page.goto((package_on_disk / f"{module.id}.html").as_uri())
    assert page.locator("#lms-notice").is_visible()
    assert "nergens doorgegeven" in page.locator("#lms-notice").inner_text()
    assert_accessible(page, "SCO page without an LMS")

    go_to_step(page, module.index(room.id))
    assert "alleen of samen achter één scherm" in visible_block(page).inner_text()
    page.get_by_role("button", name="Ga de kamer in").click()
    puzzle = room.puzzles[0]
    page.locator(f'[data-open="p-{room.id}-{puzzle.id}"]').click()
    assert page.evaluate("document.activeElement.id") == f"p-{room.id}-{puzzle.id}-h"
    page.locator(f"#{room.id}-{puzzle.id}-answer").fill("zeker niet dit")
    page.get_by_role("button", name="Controleer").click()
    assert "nog niet goed" in page.locator(f"#p-{room.id}-{puzzle.id} [data-wrong]").inner_text()
    page.get_by_role("button", name="Hint 1 nemen").click()
    assert page.locator(f'#p-{room.id}-{puzzle.id} [data-hint="1"]').is_visible()
    assert page.locator('[data-stat="penalty"]').first.inner_text() == str(room.hint_minutes)
    assert_accessible(page, "SCO escape room, a wrong answer and a hint")
    do_block(page, room)
    assert "de deur is open" in page.locator(f"#b-{room.id}").inner_text()
    assert page.locator(f'#t-{room.id} .done-mark').is_visible()
    assert_accessible(page, "SCO escape room, the ending")

    page.reload()
    assert visible_block(page).get_attribute("id") == f"b-{room.id}"
    assert "de deur is open" in page.locator(f"#b-{room.id}").inner_text()


def test_a_step_chosen_before_the_page_was_ready_is_the_step_that_opens(page, package_on_disk, course):
    """A learner who clicks a step in the list while the scripts still load only changes the
    address (#b-<block>); the player opens that step, then a reload follows the bookmark."""
    module = course.modules[0]
    wanted = module.blocks[2]
    page.goto((package_on_disk / f"{module.id}.html").as_uri() + f"#b-{wanted.id}")
    assert visible_block(page).get_attribute("id") == f"b-{wanted.id}"
    assert page.evaluate("location.hash") == ""
    page.locator('[data-nav="previous"]').click()
    page.reload()
    assert visible_block(page).get_attribute("id") == f"b-{module.blocks[1].id}"


def test_quiz_feedback_is_accessible(page, package_on_disk, quiz_module):
    quiz = quiz_module.quizzes[0]
    page.goto((package_on_disk / f"{quiz_module.id}.html").as_uri())
    go_to_step(page, quiz_module.index(quiz.id))
    assert_accessible(page, "quiz form")
    visible_block(page).locator("form.quiz-form button[type=submit]").click()
    assert "Kies eerst een antwoord" in page.locator("#resultaat").inner_text()
    first = quiz.questions[0]
    wrong = next(o for o in first.options if not o.correct)
    page.locator(f"#{quiz.id}-{first.id}-{wrong.id}").check()
    visible_block(page).locator("form.quiz-form button[type=submit]").click()
    assert page.evaluate("document.activeElement.id") == "resultaat"
    assert wrong.feedback in page.locator(f"#b-{quiz.id}").inner_text()
    assert_accessible(page, "quiz results")
    page.get_by_role("button", name="Opnieuw proberen").click()
    assert page.locator(f"#b-{quiz.id} form.quiz-form").is_visible()


WORST_CASE = """(budget) => {
  const data = JSON.parse(document.getElementById("sco-data").textContent);
  const state = window.ScoCodec.empty(data.blocks.length);
  const long = "Één lange reflectie met €-tekens en ünïcode. ".repeat(120);
  data.blocks.forEach((block, i) => {
    state.done[i] = true;
    if (block.type === "quiz") {
      state.quiz[i] = block.questions.map((q) => q.kind === "multiple"
        ? q.options.map((o, k) => k) : [q.options.length - 1]);
    } else if (block.type === "reflection") {
      state.reflection[i] = long.slice(0, block.max);
    } else if (block.type === "case") {
      const path = []; let step = 0; const seen = new Set();
      while (step >= 0 && !seen.has(step)) {
        seen.add(step); const last = block.steps[step].choices.length - 1;
        path.push(last); step = block.steps[step].choices[last].next;
      }
      state.path[i] = path;
    } else if (block.type === "sorting") {
      state.sorting[i] = block.items.map((item, k) => k);
    } else if (block.type === "scenario") {
      const path = []; let key = "s0";
      while (key[0] === "s") {
        const choices = block.steps[Number(key.slice(1))].choices;
        path.push(choices.length - 1); key = choices[choices.length - 1].next;
      }
      state.talk[i] = path;
    } else if (block.type === "escape_room") {
      state.escape[i] = {started: true, countdown: true, solved: block.puzzles.map(() => true),
                         hints: block.puzzles.map((p) => p.hints.length), finished: true};
    }
  });
  const text = window.ScoCodec.encode(state, budget);
  const back = window.ScoCodec.decode(text, data.blocks.length);
  const same = JSON.stringify([back.done, back.quiz, back.path, back.escape, back.sorting, back.talk])
    === JSON.stringify([state.done, state.quiz, state.path, state.escape, state.sorting, state.talk]);
  const prefixes = Object.keys(back.reflection).every((i) => long.startsWith(back.reflection[i]));
  return {length: text.length, same, prefixes, reflections: Object.keys(back.reflection).length};
}"""


def test_escape_room_played_to_completion_with_a_real_scorm_runtime(page, lms_site, course):
    version, base = lms_site
    module = next(m for m in course.modules if any(isinstance(b, EscapeRoomBlock) for b in m.blocks))
    room = next(b for b in module.blocks if isinstance(b, EscapeRoomBlock))
    src = f"sco/{module.id}.html"
    page.goto(f"{base}/host.html")
    page.evaluate(START_SCO, [version.value, None, src])
    frame = page.frame_locator("#sco")
    go_to_step(frame, module.index(room.id))
    section = visible_block(frame)
    section.get_by_role("button", name="Ga de kamer in").click()
    first = room.puzzles[0]
    section.locator(f'[data-open="p-{room.id}-{first.id}"]').click()
    section.locator(f"#{room.id}-{first.id}-answer").fill(first.answer[0])
    section.get_by_role("button", name="Controleer").click()
    halfway = values(version, leave(page))
    assert f"|e{module.index(room.id)}=1.00000.s" in halfway["suspend"]

    saved = stored(version, page.evaluate("JSON.parse(JSON.stringify(window.lmsApi.cmi))"))
    page.goto(f"{base}/host.html")
    page.evaluate(START_SCO, [version.value, saved, src])
    frame = page.frame_locator("#sco")
    section = visible_block(frame)
    assert section.get_attribute("id") == f"b-{room.id}"
    assert section.locator('[data-stat="solved"]').first.inner_text() == "1"
    complete_module(frame, module)
    final = values(version, leave(page))
    assert len(final["suspend"]) <= version.suspend_budget
    if version is ScormVersion.SCORM_12:
        assert final["status"] in ("passed", "completed")
    else:
        assert final["status"][0] == "completed"
        assert float(final["measure"]) == 1.0


def test_worst_case_suspend_data_fits_the_scorm_12_budget(page, package_on_disk, course):
    largest = max(course.modules, key=lambda m: (len(m.blocks), sum(
        len(q.options) for quiz in m.quizzes for q in quiz.questions)))
    for module in sorted(course.modules, key=lambda m: m is not largest):
        page.goto((package_on_disk / f"{module.id}.html").as_uri())
        result = page.evaluate(WORST_CASE, ScormVersion.SCORM_12.suspend_budget)
        assert result["length"] <= 4096, (module.id, result)
        assert result["same"] and result["prefixes"], (module.id, result)


# ---- sorting and scenario: answers, points and cmi.interactions -----------------------------------

def interactions(cmi: dict) -> list[dict]:
    """The cmi.interactions scorm-again accepted, oldest first."""
    held = cmi["interactions"]
    return [held[k] for k in sorted((k for k in held if k.isdigit()), key=int)]


WRONG = {ScormVersion.SCORM_12: "wrong", ScormVersion.SCORM_2004: "incorrect"}
RESPONSE = {ScormVersion.SCORM_12: "student_response", ScormVersion.SCORM_2004: "learner_response"}


def start(page, base: str, version: ScormVersion, module: Module):
    page.goto(f"{base}/host.html")
    page.evaluate(START_SCO, [version.value, None, f"sco/{module.id}.html"])
    return page.frame_locator("#sco")


def test_sorting_wrong_then_right_reports_interactions_and_counts_in_the_score(page, lms_site, course):
    version, base = lms_site
    module = course.module("nieuwe-collega-inwerken")
    sorting = module.block("inwerken-volgorde")
    frame = start(page, base, version, module)
    go_to_step(frame, module.index(sorting.id))
    section = visible_block(frame)
    reversed_places = [(f"pos-{item.id}", str(len(sorting.items) - n))
                       for n, item in enumerate(sorting.items)]
    answer_sorting(section, sorting, reversed_places)
    assert "Je hebt 0 van de 6 goed." in frame.locator("#resultaat").inner_text()
    assert sorting.items[0].feedback in section.inner_text()
    assert "Jij zette dit op plek 6. Het hoort op plek 1." in section.inner_text()
    complete_module(frame, module)  # everything else right: the sorting's 0 points show
    scored = [b for b in module.blocks if isinstance(b, (QuizBlock, SortingBlock))]
    total = sum(b.max_points for b in scored)
    percent = round(100 * (total - sorting.max_points) / total, 1)
    assert f"Je score is {str(percent).replace('.', ',').removesuffix(',0')}%" in frame.locator(
        "#summary-body").inner_text()
    go_to_step(frame, module.index(sorting.id))
    visible_block(frame).get_by_role("button", name="Opnieuw proberen").click()
    answer_sorting(visible_block(frame), sorting, right_sorting(sorting))
    assert "Alles is goed!" in frame.locator("#resultaat").inner_text()
    cmi = leave(page)
    assert float(values(version, cmi)["raw"]) == 100
    wrong, right = interactions(cmi)
    # SCORM 2004 names the items; SCORM 1.2 writes single characters (their shown positions).
    shown = [item.id for item in shown_order(sorting)]
    pattern = ("[,]".join(item.id for item in sorting.items) if version is ScormVersion.SCORM_2004
               else ",".join(str(shown.index(item.id)) for item in sorting.items))
    for row in (wrong, right):
        assert (row["id"], row["type"], row["weighting"]) == (sorting.id, "sequencing", "6")
        assert row["correct_responses"]["0"]["pattern"] == pattern
    assert (wrong["result"], right["result"]) == (WRONG[version], "correct")
    assert right[RESPONSE[version]] == pattern


def test_matching_wrong_then_right_reports_matching_interactions(page, lms_site, course):
    version, base = lms_site
    module = course.module("signalen-en-triggers")
    sorting = module.block("signalen-of-trigger")
    frame = start(page, base, version, module)
    go_to_step(frame, module.index(sorting.id))
    first = sorting.categories[0].id
    answer_sorting(visible_block(frame), sorting, [(f"cat-{item.id}", first) for item in sorting.items])
    wrong_item = next(item for item in sorting.items if item.category != first)
    assert f"Jij koos: {sorting.categories[0].label}." in visible_block(frame).locator(
        f'li[data-item="{wrong_item.id}"]').inner_text()
    visible_block(frame).get_by_role("button", name="Opnieuw proberen").click()
    answer_sorting(visible_block(frame), sorting, right_sorting(sorting))
    assert "Alles is goed!" in frame.locator("#resultaat").inner_text()
    wrong, right = interactions(leave(page))
    assert (wrong["type"], wrong["result"], right["result"]) == ("matching", WRONG[version], "correct")
    if version is ScormVersion.SCORM_2004:
        assert right["learner_response"] == "[,]".join(f"{i.id}[.]{i.category}" for i in shown_order(sorting))
    else:
        assert right["student_response"] == right["correct_responses"]["0"]["pattern"]
        assert all(len(pair) == 3 and pair[1] == "." for pair in right["student_response"].split(","))


def test_scenario_poor_then_best_reports_choice_interactions_and_points(page, lms_site, course):
    version, base = lms_site
    module = course.module("lastige-gesprekken")
    scenario = module.block("lastig-gesprek-jesse")
    frame = start(page, base, version, module)
    go_to_step(frame, module.index(scenario.id))
    section = visible_block(frame)
    step = scenario.steps[0]
    poor = min(step.choices, key=lambda c: scenario.best_points(c.next))
    section.locator(f"#{scenario.id}-{step.id}-{poor.id}").check()
    section.locator("form.scenario-form button[type=submit]").click()
    assert "Je krijgt 0 van de 2 punten." in section.locator(".scenario-ending").inner_text()
    assert " ".join(poor.text.split()) in " ".join(frame.locator("#resultaat").inner_text().split())
    section.get_by_role("button", name="Opnieuw beginnen met andere antwoorden").click()
    best = best_conversation(scenario)
    for step_id, choice_id in best:
        section.locator(f"#{scenario.id}-{step_id}-{choice_id}").check()
        section.locator("form.scenario-form button[type=submit]").click()
        following = scenario.step(scenario.step(step_id).choice(choice_id).next)
        if following is not None:
            latest = " ".join(frame.locator("#resultaat").inner_text().split())
            assert " ".join(following.says.split()) in latest
    assert "Je krijgt 2 van de 2 punten." in section.locator(".scenario-ending").inner_text()
    assert section.locator("ol.conversation li.line-you").count() == len(best)
    assert_accessible(page.frames[1], "scenario ending in a SCO")
    rows = interactions(leave(page))
    assert [row["type"] for row in rows] == ["choice"] * (1 + len(best))
    assert [row["result"] for row in rows] == [WRONG[version]] + ["correct"] * len(best)
    assert rows[0]["id"] == f"{scenario.id}-{step.id}"
    if version is ScormVersion.SCORM_2004:
        assert rows[0]["learner_response"] == poor.id
        assert [p["pattern"] for p in rows[1]["correct_responses"].values()] == scenario.best_choices(step)


# ---- the quiz's feedback reads as in the player ----------------------------------------------------

def _quiz(block_id: str, *questions: dict) -> QuizBlock:
    return QuizBlock.model_validate({"id": block_id, "type": "quiz", "questions": list(questions)})


def _question(qid: str, kind: str, points: int, right: int, wrong: int = 1) -> dict:
    options = [{"id": f"goed{n}", "text": f"Goed {n}", "correct": True, "feedback": f"Uitleg bij goed {n}."}
               for n in range(1, right + 1)]
    options += [{"id": f"fout{n}", "text": f"Fout {n}", "feedback": f"Uitleg bij fout {n}."}
                for n in range(1, wrong + 1)]
    return {"id": qid, "kind": kind, "prompt": f"Vraag {qid}?", "points": points, "options": options}


FEEDBACK_QUIZZES = (
    _quiz("een-vraag", _question("v1", "single", 1, right=1, wrong=2)),
    _quiz("drie-vragen", _question("v1", "single", 1, right=1), _question("v2", "multiple", 3, right=3),
          _question("v3", "single", 2, right=1), _question("v4", "multiple", 2, right=2, wrong=2)),
)
# Per quiz, attempts given as the options chosen per question: wrong, partly right, unanswered,
# a right option beside a wrong one, all right.
FEEDBACK_ATTEMPTS = {
    "een-vraag": [{"v1": ["fout2"]}, {"v1": ["goed1"]}],
    "drie-vragen": [{"v1": ["fout1"], "v2": ["goed1", "goed2", "fout1"], "v4": ["fout1", "fout2"]},
                    {"v1": ["goed1"], "v2": ["goed3"], "v3": ["goed1"], "v4": ["goed1", "goed2"]},
                    {"v1": ["goed1"], "v2": ["goed1", "goed2", "goed3"], "v3": ["goed1"],
                     "v4": ["goed1", "goed2"]}],
}


def _words(text: str) -> str:
    return " ".join(text.split())


def _player_feedback(block: QuizBlock, answers: dict[str, list[str]]) -> list[str]:
    """The player's own rendering of the same attempt: summary line and per-question results."""
    state = KINDS.of(block).state(block, [SimpleNamespace(response={"answers": answers})],
                                  done=True, pass_mark=70)
    tree = lxml_html.fromstring(str(render_block(block, state, StaticUrls("/blok"),
                                                 env=standalone_environment())))
    for line_break in tree.iter("br"):  # a line break reads as a space, as in the browser's text
        line_break.tail = " " + (line_break.tail or "")
    parts = tree.xpath('//p[contains(@class, "quiz-summary")] | //section[@class="question-result"]')
    return [_words(part.text_content()) for part in parts]


def test_quiz_feedback_in_a_sco_reads_as_in_the_player(page, course, tmp_path):
    module = course.modules[0].model_copy(update={"id": "quiz-feedback", "blocks": list(FEEDBACK_QUIZZES)})
    package = build_scorm(course.model_copy(update={"modules": [module]}), ScormVersion.SCORM_12)
    root = unzip(package, tmp_path)
    page.goto((root / f"{module.id}.html").as_uri())
    for index, block in enumerate(FEEDBACK_QUIZZES):
        go_to_step(page, index)
        for attempt, answers in enumerate(FEEDBACK_ATTEMPTS[block.id]):
            if attempt:
                visible_block(page).get_by_role("button", name="Opnieuw proberen").click()
            for question_id, chosen in answers.items():
                for option_id in chosen:
                    page.locator(f"#{block.id}-{question_id}-{option_id}").check()
            visible_block(page).locator("form.quiz-form button[type=submit]").click()
            section = visible_block(page)
            parts = section.locator(".quiz-summary").all() + section.locator("section.question-result").all()
            shown = [_words(part.inner_text()) for part in parts]
            assert shown == _player_feedback(block, answers), (block.id, attempt)
