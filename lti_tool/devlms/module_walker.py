"""Complete a module the way a learner would, over plain HTTP with only the launch token.

Used by the end-to-end tests and the launch benchmark: text, media and quiz pages
are answered through the player's own forms (quizzes answered correctly, cases
followed along their first choices).
"""

from __future__ import annotations

import requests

from ..content.model import Module


def complete_module(http: requests.Session, base_url: str, launch_token: str, module: Module) -> None:
    def post(block_id: str, action: str, data: list[tuple[str, str]]) -> requests.Response:
        response = http.post(f"{base_url}/learn/m/{module.id}/b/{block_id}/{action}",
                             data=[("lt", launch_token), *data])
        response.raise_for_status()
        return response

    for block in module.blocks:
        if block.type in {"text", "video", "audio"}:
            post(block.id, "done", [])
        elif block.type == "quiz":
            answers = [(f"q-{question.id}", option.id) for question in block.questions
                       for option in question.options if option.correct]
            post(block.id, "answer", [("attempt", "0"), *answers])
        elif block.type == "reflection":
            post(block.id, "answer", [("text", "Ik neem mee dat ik eerst vraag wat iemand nodig heeft.")])
        elif block.type == "case":
            step = block.steps[0]
            while step is not None:
                choice = step.choices[0]
                post(block.id, "answer", [("step", step.id), ("choice", choice.id)])
                step = block.step(choice.next) if choice.next else None
