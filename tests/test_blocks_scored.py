"""The sorting and scenario blocks: answers read from a plain mapping, scored per item or by
the ending reached, their xAPI interaction definitions, and the content rules they keep."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from devlms.module_walker import best_conversation, right_sorting
from lti_tool.blocks import KINDS, Answered, Entry, Outcome
from lti_tool.blocks.notices import NOTICES
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.blocks.scoring import module_score, scored_blocks
from lti_tool.blocks.sorting import score_sorting, shown_order
from lti_tool.content import load_package
from lti_tool.content.model import ScenarioBlock, SortingBlock
from lti_tool.settings import PROJECT_ROOT

COURSE = load_package(PROJECT_ROOT / "content_packages" / "werkbegeleiding")


def blocks_of(block_type: str) -> list:
    return [b for m in COURSE.modules for b in m.blocks if b.type == block_type]


def sorting(mode: str) -> SortingBlock:
    return next(b for b in blocks_of("sorting") if b.mode == mode)


def rows(*responses: dict) -> list[SimpleNamespace]:
    return [SimpleNamespace(response=r) for r in responses]


def form(pairs: list[tuple[str, str]], attempt: int = 0) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {"attempt": [str(attempt)]}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


# ---- sorting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["sequencing", "matching"])
def test_sorting_answered_right_scores_every_item(mode):
    block = sorting(mode)
    kind = KINDS.of(block)
    outcome = kind.answer(block, form(right_sorting(block)), [], pass_mark=70)
    assert outcome.entry.completes and outcome.entry.score == len(block.items) == outcome.entry.max_score
    pattern = kind.xapi_definition(block, None)["correctResponsesPattern"][0]
    assert outcome.event == Answered(True, 1.0, pattern)
    state = kind.state(block, rows(outcome.entry.response), done=True, pass_mark=70)
    assert state.passed and state.result.all_right and not state.form_open
    html = str(render_block(block, state, StaticUrls(), standalone_environment()))
    assert "Alles is goed!" in html and html.count('class="feedback correct"') == len(block.items)


def test_sequencing_answered_wrong_says_per_item_where_it_belongs():
    block = sorting("sequencing")
    kind = KINDS.of(block)
    first, second = block.items[0], block.items[1]
    swapped = [(f"pos-{first.id}", "2"), (f"pos-{second.id}", "1")] + [
        (f"pos-{item.id}", str(place)) for place, item in enumerate(block.items, start=1)][2:]
    outcome = kind.answer(block, form(swapped), [], pass_mark=70)
    assert outcome.entry.score == len(block.items) - 2
    assert outcome.entry.response["order"][:2] == [second.id, first.id]
    assert outcome.event.success is False
    assert outcome.event.response == "[,]".join([second.id, first.id, *(i.id for i in block.items[2:])])
    state = kind.state(block, rows(outcome.entry.response), done=True, pass_mark=70)
    html = str(render_block(block, state, StaticUrls(), standalone_environment()))
    assert f"Je hebt {len(block.items) - 2} van de {len(block.items)} goed." in html
    assert "Jij zette dit op plek 2. Het hoort op plek 1." in html
    assert first.feedback in html
    # Retrying shows the empty form again; the next attempt must carry the new count.
    assert kind.state(block, rows(outcome.entry.response), done=True, pass_mark=70, retry=True).form_open
    assert kind.answer(block, form(right_sorting(block)), rows({}), pass_mark=70) == Outcome(
        notice="al-verstuurd")
    assert kind.answer(block, form(right_sorting(block), 1), rows({}), pass_mark=70).entry.score == len(
        block.items)


def test_matching_answered_wrong_names_the_right_category():
    block = sorting("matching")
    kind = KINDS.of(block)
    wrong = block.categories[1] if block.items[0].category == block.categories[0].id else block.categories[0]
    answer = [(name, wrong.id if name == f"cat-{block.items[0].id}" else value)
              for name, value in right_sorting(block)]
    outcome = kind.answer(block, form(answer), [], pass_mark=70)
    assert outcome.entry.score == len(block.items) - 1 and outcome.event.success is False
    assert f"{block.items[0].id}[.]{wrong.id}" in outcome.event.response
    state = kind.state(block, rows(outcome.entry.response), done=True, pass_mark=70)
    html = str(render_block(block, state, StaticUrls(), standalone_environment()))
    right = block.category(block.items[0].category)
    assert f"Jij koos: {wrong.label}. Het hoort bij: {right.label}." in html


@pytest.mark.parametrize("mode", ["sequencing", "matching"])
def test_sorting_with_an_item_left_open_or_a_made_up_value_is_not_stored(mode):
    block = sorting(mode)
    kind = KINDS.of(block)
    answer = right_sorting(block)
    assert kind.answer(block, form(answer[1:]), [], pass_mark=70) == Outcome(notice="onvolledig", retry=True)
    for odd in (["99", "²", "-1", "1.0", "\x00"] if mode == "sequencing" else ["bestaat-niet", ""]):
        bogus = [(answer[0][0], odd), *answer[1:]]
        assert kind.answer(block, form(bogus), [], pass_mark=70) == Outcome(notice="onvolledig", retry=True)
    assert NOTICES["onvolledig"][1] == "Kies voor elk onderdeel een antwoord."
    assert kind.unsent(block, form(answer[:1]), []) and not kind.unsent(block, form([]), [])


def test_a_stored_answer_that_no_longer_fits_the_block_counts_as_wrong():
    block = sorting("sequencing")
    result = score_sorting(block, {"order": ["weg", block.items[0].id]}, 70)
    assert result.earned == 0 and result.maximum == len(block.items)
    assert score_sorting(sorting("matching"), {"placed": "kapot"}, 70).earned == 0


def test_items_are_shown_mixed_the_same_way_every_time_never_in_the_right_order():
    for block in blocks_of("sorting"):
        assert shown_order(block) == shown_order(block)
        if block.mode == "sequencing":
            assert shown_order(block) != list(block.items)


def test_sorting_xapi_definitions_follow_the_spec():
    sequencing = KINDS.of(sorting("sequencing")).xapi_definition(sorting("sequencing"), None)
    assert sequencing["interactionType"] == "sequencing"
    assert [c["id"] for c in sequencing["choices"]] == [i.id for i in sorting("sequencing").items]
    assert sequencing["correctResponsesPattern"] == ["[,]".join(i.id for i in sorting("sequencing").items)]
    block = sorting("matching")
    matching = KINDS.of(block).xapi_definition(block, None)
    assert matching["interactionType"] == "matching"
    assert {"source", "target"} <= set(matching)
    assert matching["correctResponsesPattern"] == ["[,]".join(f"{i.id}[.]{i.category}" for i in block.items)]


def test_sorting_rules():
    base = {"id": "s", "type": "sorting", "prompt": "Sorteer.",
            "items": [{"id": f"i{n}", "text": "x", "feedback": "y"} for n in range(3)]}
    SortingBlock.model_validate(base)
    with pytest.raises(ValidationError, match="3 to 8 items"):
        SortingBlock.model_validate({**base, "items": base["items"][:2]})
    with pytest.raises(ValidationError, match="needs one of the categories"):
        SortingBlock.model_validate({**base, "categories": [{"id": "a", "label": "A"},
                                                            {"id": "b", "label": "B"}]})
    with pytest.raises(ValidationError, match="has a category, but the block has no categories"):
        SortingBlock.model_validate({**base, "items": [{**base["items"][0], "category": "a"},
                                                       *base["items"][1:]]})


# ---- scenario --------------------------------------------------------------------------------

def test_scenario_to_the_best_ending_scores_full_points():
    block = blocks_of("scenario")[0]
    kind = KINDS.of(block)
    answers: list = []
    path = best_conversation(block)
    for index, (step_id, choice_id) in enumerate(path):
        outcome = kind.answer(block, {"step": [step_id], "choice": [choice_id]}, answers, pass_mark=70)
        step_event = outcome.events[0]
        assert step_event == Answered(True, None, choice_id, question_id=step_id)
        if index < len(path) - 1:
            assert outcome.entry.completes is False and outcome.entry.score is None
        answers += rows(outcome.entry.response)
    assert outcome.entry.completes and outcome.entry.score == block.max_points
    assert outcome.events[1] == Answered(True, 1.0, outcome.entry.response["ending"])
    state = kind.state(block, answers, done=True, pass_mark=70)
    assert state.ending.points == block.max_points and state.passed and state.current_step is None
    html = str(render_block(block, state, StaticUrls(), standalone_environment()))
    assert state.ending.title in html and 'class="conversation"' in html
    assert html.count('class="line line-you"') == len(path)


def test_scenario_to_a_poor_ending_scores_less_and_can_start_again():
    block = blocks_of("scenario")[0]
    kind = KINDS.of(block)
    answers: list = []
    step = block.steps[0]
    while True:
        worst = min(step.choices, key=lambda c: block.best_points(c.next))
        outcome = kind.answer(block, {"step": [step.id], "choice": [worst.id]}, answers, pass_mark=70)
        assert outcome.events[0].success is (worst.id in block.best_choices(step))
        answers += rows(outcome.entry.response)
        if block.step(worst.next) is None:
            break
        step = block.step(worst.next)
    assert outcome.entry.score < block.max_points and outcome.events[1].success is False
    assert kind.state(block, answers, done=True, pass_mark=70).passed is False
    # A choice for a step the run is not at is not stored; a restart begins a new run.
    elsewhere = {"step": [block.steps[0].id], "choice": ["x"]}
    assert kind.answer(block, elsewhere, answers, pass_mark=70) == Outcome()
    restart = kind.answer(block, {"restart": ["1"]}, answers, pass_mark=70)
    assert restart.entry == Entry({"restart": True}, completes=False)
    again = kind.state(block, [*answers, *rows(restart.entry.response)], done=True, pass_mark=70)
    assert again.current_step == block.steps[0] and again.ending is None and not again.path


def test_scenario_steps_are_choice_interactions_whose_right_answers_reach_the_best_ending():
    for block in blocks_of("scenario"):
        for step in block.steps:
            definition = KINDS.of(block).xapi_definition(block, step.id)
            assert definition["interactionType"] == "choice"
            assert [c["id"] for c in definition["choices"]] == [c.id for c in step.choices]
            assert definition["correctResponsesPattern"] == block.best_choices(step)
        assert KINDS.of(block).xapi_definition(block, None) == {}


def test_scenario_rules():
    base = {"id": "g", "type": "scenario", "you": "a",
            "characters": [{"id": "a", "name": "Ann", "role": "werkbegeleider"},
                           {"id": "b", "name": "Bo", "role": "collega"}],
            "steps": [{"id": "s1", "speaker": "b", "says": "Hoi",
                       "choices": [{"id": "x", "text": "Ja", "next": "goed"},
                                   {"id": "y", "text": "Nee", "next": "s2"}]},
                      {"id": "s2", "speaker": "b", "says": "O",
                       "choices": [{"id": "x", "text": "Ja", "next": "goed"},
                                   {"id": "y", "text": "Nee", "next": "slecht"}]}],
            "endings": [{"id": "goed", "title": "Goed", "feedback": "Top", "points": 2},
                        {"id": "slecht", "title": "Niet goed", "feedback": "Jammer", "points": 0}]}
    block = ScenarioBlock.model_validate(base)
    assert block.max_points == 2 and block.best_choices(block.steps[1]) == ["x"]
    loop = {**base, "steps": [base["steps"][0], {**base["steps"][1], "choices": [
        {"id": "x", "text": "Ja", "next": "s1"}, {"id": "y", "text": "Nee", "next": "slecht"}]}]}
    with pytest.raises(ValidationError, match="never loops"):
        ScenarioBlock.model_validate(loop)
    with pytest.raises(ValidationError, match="speaker must be another character"):
        ScenarioBlock.model_validate({**base, "steps": [{**base["steps"][0], "speaker": "a"},
                                                        base["steps"][1]]})
    with pytest.raises(ValidationError, match="does not exist"):
        ScenarioBlock.model_validate({**base, "endings": base["endings"][:1]})
    with pytest.raises(ValidationError, match="2 to 3 choices"):
        ScenarioBlock.model_validate({**base, "steps": [{**base["steps"][0], "choices": [
            {"id": "x", "text": "Ja", "next": "goed"}]}, base["steps"][1]]})


# ---- the module's score ----------------------------------------------------------------------

def test_new_blocks_count_in_the_module_score_like_a_quiz():
    for module in COURSE.modules:
        new = [b for b in module.blocks if b.type in ("sorting", "scenario")]
        if not new:
            continue
        assert all(b in scored_blocks(module) for b in new)
        counted = {b.id: SimpleNamespace(score=float(KINDS.of(b).max_points(b))) for b in new}
        total = sum(KINDS.of(b).max_points(b) for b in scored_blocks(module))
        assert module_score(module, counted) == round(100 * sum(c.score for c in counted.values()) / total, 1)


def test_at_least_four_of_the_scored_helpers_modules_use_a_new_block():
    mine = ("feedback-geven-en-ontvangen", "inclusief-werkklimaat", "lastige-gesprekken",
            "nieuwe-collega-inwerken", "rol-van-de-werkbegeleider", "signalen-en-triggers")
    using = [m.id for m in COURSE.modules if m.id in mine
             and any(b.type in ("sorting", "scenario") for b in m.blocks)]
    assert len(using) >= 4, using
