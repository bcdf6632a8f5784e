"""Play a module in real Chromium, clicking what a learner clicks (no tests in this file).

The selectors are the player's own ids and form classes, not its button texts, so the
same walk works in Dutch (development LMS) and English (a Moodle that launches with
``en``). ``choose`` decides the quiz answers; ``quiz_percent`` says what they score.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from devlms.module_walker import best_conversation, right_sorting, shortest_path_to_an_end
from lti_tool.blocks import KINDS
from lti_tool.blocks.quiz import score_quiz
from lti_tool.blocks.scoring import scored_blocks
from lti_tool.content.model import Module, QuizOption, QuizQuestion, SortingBlock
from lti_tool.numbers import percentage

Chooser = Callable[[QuizQuestion], list[QuizOption]]


def correct_options(question: QuizQuestion) -> list[QuizOption]:
    return [option for option in question.options if option.correct]


def first_option(question: QuizQuestion) -> list[QuizOption]:
    """The first option of every question: some right, some wrong, as a hurried learner does."""
    return question.options[:1]


def quiz_percent(module: Module, choose: Chooser) -> float:
    """The module score (0-100) the tool gives for these answers to the module's quizzes,
    with its other scored blocks (sorting, scenario) done right, as ``play_module`` does."""
    earned = sum(score_quiz(quiz, {q.id: [o.id for o in choose(q)] for q in quiz.questions},
                            module.pass_mark).earned for quiz in module.quizzes)
    others = [b for b in scored_blocks(module) if b.type != "quiz"]
    earned += sum(KINDS.of(b).max_points(b) for b in others)
    return percentage(earned, sum(KINDS.of(b).max_points(b) for b in scored_blocks(module)))


def answer_sorting(frame, block: SortingBlock) -> None:
    """Answer a sorting block right with its selects or radio buttons (no dragging)."""
    for name, value in right_sorting(block):
        item_id = name.split("-", 1)[1]
        if block.mode == "matching":
            frame.locator(f"#{block.id}-{item_id}-{value}").check()
        else:
            frame.locator(f"#{block.id}-{item_id}").select_option(value)
    frame.locator("form.sorting-form button[type=submit]").click()


def play_module(frame, tool_frame, module: Module, choose: Chooser = correct_options) -> None:
    """Work through every block of ``module`` in the tool's frame, then open its summary.

    ``frame`` is a FrameLocator for the tool's iframe, ``tool_frame`` the same iframe as
    a Frame (to wait for its address).
    """
    next_link = frame.locator("nav.block-nav a.button:not(.secondary)")
    for block in module.blocks:
        tool_frame.wait_for_url(re.compile(rf"/m/{module.id}/b/{block.id}(\?|$)"))
        frame.locator("h1").first.wait_for()
        if block.type == "quiz":
            for question in block.questions:
                for option in choose(question):
                    frame.locator(f"#{block.id}-{question.id}-{option.id}").check()
            frame.locator("form.quiz-form button[type=submit]").click()
            frame.locator(".quiz-summary").wait_for()
        elif block.type == "reflection":
            frame.locator(f"#{block.id}-text").fill("Ik vraag eerst wat mijn collega nodig heeft.")
            frame.locator("form.reflection-form button[type=submit]").click()
            frame.locator("#resultaat .feedback.correct").wait_for()
        elif block.type == "case":
            path = shortest_path_to_an_end(block)  # the first choice may loop back
            for index, (step_id, choice_id) in enumerate(path):
                frame.locator(f"#{block.id}-{step_id}-{choice_id}").check()
                frame.locator("form.case-form button[type=submit]").click()
                following = path[index + 1] if index + 1 < len(path) else None
                frame.locator(f"#{block.id}-{following[0]}-{following[1]}" if following else ".case-end"
                              ).wait_for()
        elif block.type == "sorting":
            answer_sorting(frame, block)
            frame.locator(".sorting-summary").wait_for()
        elif block.type == "scenario":
            for step_id, choice_id in best_conversation(block):
                frame.locator(f"#{block.id}-{step_id}-{choice_id}").check()
                frame.locator("form.scenario-form button[type=submit]").click()
                frame.locator(f"input[name=step][value={step_id}]").wait_for(state="detached")
            frame.locator(".scenario-ending").wait_for()
        if KINDS.of(block).read:  # done by "Verder" (text, media, figures, cards, steps)
            frame.locator("nav.block-nav form button[type=submit]").click()
        else:
            next_link.click()
    tool_frame.wait_for_url(re.compile(rf"/m/{module.id}/klaar(\?|$)"))
