"""Quiz feedback in plain words (B1): whole numbers, "goed"/"niet goed" per question with
the right answer named, "Ook goed" only beside another right answer, "1 punt" singular."""

from __future__ import annotations

from types import SimpleNamespace

from lti_tool.blocks import KINDS
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.content.model import QuizBlock

URLS = StaticUrls("/blok")


def quiz(*questions: dict) -> QuizBlock:
    return QuizBlock.model_validate({"id": "q", "type": "quiz", "questions": list(questions)})


def single(qid: str, points: int = 1) -> dict:
    return {"id": qid, "prompt": f"Vraag {qid}?", "points": points, "options": [
        {"id": "ja", "text": "Ja", "correct": True, "feedback": "Ja, want zo werkt het."},
        {"id": "nee", "text": "Nee", "feedback": "Nee, dat klopt niet."}]}


def multiple(qid: str, points: int) -> dict:
    return {"id": qid, "kind": "multiple", "prompt": "Welke?", "points": points, "options": [
        {"id": "a", "text": "Luisteren", "correct": True, "feedback": "Luisteren helpt."},
        {"id": "b", "text": "Vragen", "correct": True, "feedback": "Vragen helpt."},
        {"id": "c", "text": "Zwijgen", "correct": True, "feedback": "Soms helpt zwijgen."},
        {"id": "d", "text": "Boos worden", "feedback": "Dat helpt niet."}]}


def shown(block: QuizBlock, answers: dict, pass_mark: int = 70) -> str:
    state = KINDS.of(block).state(block, [SimpleNamespace(response={"answers": answers})],
                                  done=True, pass_mark=pass_mark)
    html = str(render_block(block, state, URLS, env=standalone_environment()))
    return " ".join(html.split())


def test_a_partial_score_reads_as_a_whole_percentage_and_questions_right():
    # Before: "Je score: 1,67 van 5 punten (33,4%)."
    block = quiz(single("v1", points=2), multiple("v2", points=3))
    html = shown(block, {"v1": ["nee"], "v2": ["a", "b", "d"]})  # 0 + 3 * (2 - 1) / 3 = 1
    assert "Je hebt 0 van de 2 vragen goed. Je score is 20%." in html
    block = quiz(single("v1", points=3), multiple("v2", points=2), single("v3", points=1))
    html = shown(block, {"v1": ["nee"], "v2": ["a"], "v3": ["nee"]})  # 0.67 of 6 = 11.2%
    assert "Je score is 11%." in html and "1,67" not in html and "11,2" not in html
    assert "Je krijgt 0,7 van de 2 punten." in html  # a simple number, not 0,67


def test_the_only_right_answer_is_named_as_such_not_ook_juist():
    html = shown(quiz(single("v1")), {"v1": ["nee"]})
    assert "Je antwoord is niet goed." in html and "Niet goed." in html
    assert "Het goede antwoord: Ja" in html and "Ja, want zo werkt het." in html
    assert "Ook juist" not in html and "Ook goed" not in html
    assert "(niet goed)" in html and "juist" not in html


def test_ook_goed_only_beside_another_right_answer():
    html = shown(quiz(multiple("v1", points=3)), {"v1": ["a"]})
    assert "Deels goed." in html and "Ook goed: Vragen" in html and "Ook goed: Zwijgen" in html
    html = shown(quiz(multiple("v1", points=3)), {"v1": ["d"]})
    assert "Goed antwoord: Luisteren" in html and "Ook goed" not in html


def test_one_point_questions_do_not_say_1_van_1_punten():
    html = shown(quiz(single("v1"), single("v2")), {"v1": ["ja"], "v2": ["ja"]})
    assert "Je hebt 2 van de 2 vragen goed. Je score is 100%." in html
    assert "punten." not in html.split("Je score")[1].split("Opnieuw")[0]
    assert "Goed." in html and "(goed)" in html


def test_the_score_never_rounds_up_to_the_pass_mark():
    block = quiz(*(single(f"v{i}") for i in range(3)), multiple("v9", points=7))
    # 2 of 3 one-point questions + 5 of 7 points (7 * 2/3 = 4.67): 6.67 of 10 = 66.7%
    html = shown(block, {"v0": ["ja"], "v1": ["ja"], "v2": ["nee"], "v9": ["a", "b"]},
                 pass_mark=67)
    assert "Je score is 66%." in html and "nog niet gehaald" in html
