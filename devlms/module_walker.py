"""Complete a module the way a learner would, over plain HTTP with only the launch token.

Used by the end-to-end tests and the launch benchmark: text, media and quiz pages
are answered through the player's own forms (quizzes and sorting answered correctly,
cases followed along the shortest path to an ending, scenarios to their best ending).
"""

from __future__ import annotations

import requests

from lti_tool.blocks import KINDS
from lti_tool.content.model import CaseBlock, Module, ScenarioBlock, SortingBlock


def complete_module(http: requests.Session, base_url: str, launch_token: str, module: Module) -> None:
    def post(block_id: str, action: str, data: list[tuple[str, str]]) -> requests.Response:
        response = http.post(f"{base_url}/learn/m/{module.id}/b/{block_id}/{action}",
                             data=[("lt", launch_token), *data])
        response.raise_for_status()
        return response

    for block in module.blocks:
        if KINDS.of(block).read:  # a type without a kind fails here (UnknownBlockTypeError)
            post(block.id, "done", [])
        elif block.type == "quiz":
            answers = [(f"q-{question.id}", option.id) for question in block.questions
                       for option in question.options if option.correct]
            post(block.id, "answer", [("attempt", "0"), *answers])
        elif block.type == "reflection":
            post(block.id, "answer", [("text", "Ik neem mee dat ik eerst vraag wat iemand nodig heeft.")])
        elif block.type == "case":
            for step_id, choice_id in shortest_path_to_an_end(block):
                post(block.id, "answer", [("step", step_id), ("choice", choice_id)])
        elif block.type == "sorting":
            post(block.id, "answer", [("attempt", "0"), *right_sorting(block)])
        elif block.type == "scenario":
            for step_id, choice_id in best_conversation(block):
                post(block.id, "answer", [("step", step_id), ("choice", choice_id)])


def shortest_path_to_an_end(block: CaseBlock) -> list[tuple[str, str]]:
    """(step, choice) pairs from the first step to an ending; some choices loop back."""
    paths: dict[str, list[tuple[str, str]]] = {block.steps[0].id: []}
    steps = {step.id: step for step in block.steps}  # the model checks every ``next`` names one
    queue = [block.steps[0]]
    while queue:
        step = queue.pop(0)
        for choice in step.choices:
            path = [*paths[step.id], (step.id, choice.id)]
            if choice.next is None:
                return path
            if choice.next not in paths:
                paths[choice.next] = path
                queue.append(steps[choice.next])
    raise ValueError(f"case {block.id} has no ending")


def right_sorting(block: SortingBlock) -> list[tuple[str, str]]:
    """The form fields of a sorting block answered right."""
    if block.mode == "matching":
        return [(f"cat-{item.id}", str(item.category)) for item in block.items]
    return [(f"pos-{item.id}", str(place)) for place, item in enumerate(block.items, start=1)]


def best_conversation(block: ScenarioBlock) -> list[tuple[str, str]]:
    """(step, choice) pairs from the first step to an ending with the most points."""
    path: list[tuple[str, str]] = []
    step = block.steps[0]
    while True:
        choice = next(c for c in step.choices if c.id in block.best_choices(step))
        path.append((step.id, choice.id))
        following = block.step(choice.next)
        if following is None:
            return path
        step = following
