"""Every block type renders through ``render_block``, also without Flask (for SCORM)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_learning_support import PLAYER_CONTENT

from lti_tool.blocks import KINDS
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.content import load_package
from lti_tool.numbers import format_number

COURSE = load_package(PLAYER_CONTENT / "werkbegeleiding")
ONE, TWO = COURSE.module("een"), COURSE.module("twee")
URLS = StaticUrls("/blok", media_base="/media/", hidden={"lt": "TOKEN"})


def rows(*responses):
    return [SimpleNamespace(response=r) for r in responses]


def build_state(block, answers, **kwargs):
    return KINDS.of(block).state(block, answers, **kwargs)


def render(block, state=None):
    env = standalone_environment()
    state = state or build_state(block, [], done=False, pass_mark=70)
    return str(render_block(block, state, URLS, env=env))


def test_text_renders_markdown_and_rewrites_media():
    html = render(ONE.block("een-tekst"))
    assert "<strong>tekst</strong>" in html
    assert 'src="/media/foto.png"' in html and 'alt="Een foto van een werkplek"' in html


def test_quiz_form_has_fieldsets_and_bound_labels():
    html = render(ONE.block("een-quiz"))
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert 'type="radio" id="een-quiz-v1-a" name="q-v1"' in html
    assert '<label for="een-quiz-v1-a">Vier</label>' in html
    assert 'type="checkbox"' in html
    assert '<input type="hidden" name="lt" value="TOKEN">' in html
    assert 'action="/blok/answer"' in html and 'aria-live="polite"' in html


def test_quiz_result_shows_feedback_for_chosen_options():
    block = ONE.block("een-quiz")
    state = build_state(block, rows({"answers": {"v1": ["b"], "v2": ["twee"]}}), done=True,
                        pass_mark=60)
    html = render(block, state)
    assert "Nee, dat is te veel." in html           # feedback on the chosen wrong option
    assert "Twee is even." in html and "Vier is even." in html  # chosen + missed right one
    assert "Drie is oneven." not in html           # not chosen, not right: no feedback
    assert "Je hebt 0 van de 2 vragen goed. Je score is 25%." in " ".join(html.split())
    assert "nog niet gehaald" in html
    assert "Het goede antwoord: Vier" in html and "Ook goed: Vier" in html
    assert 'href="/blok?retry=1"' in html


def test_reflection_escapes_learner_text():
    block = ONE.block("een-reflectie")
    state = build_state(block, rows({"text": "<script>alert(1)</script> & zo"}), done=True,
                        pass_mark=60)
    html = render(block, state)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; zo" in html
    assert '<label for="een-reflectie-text">' in html and "Alleen jij" in html


def test_case_walks_the_path():
    block = TWO.block("twee-casus")
    html = render(block, build_state(block, [], done=False, pass_mark=70))
    assert "Je collega komt te laat." in html and 'name="choice" value="praten"' in html
    state = build_state(block, rows({"step": "start", "choice": "praten"}), done=False,
                        pass_mark=70)
    html = render(block, state)
    assert "Je collega vertelt over de bus." in html and "Eerst vragen" in html
    assert 'name="step" value="vervolg"' in html
    state = build_state(block, rows({"step": "start", "choice": "praten"},
                                    {"step": "vervolg", "choice": "afspraak"}), done=True,
                        pass_mark=70)
    assert state.finished
    assert "Einde van de casus" in render(block, state)
    restarted = build_state(block, rows({"step": "start", "choice": "melden"}, {"restart": True}),
                            done=True, pass_mark=70)
    assert restarted.path == [] and restarted.current_step.id == "start"


def test_video_has_captions_and_no_autoplay():
    html = render(TWO.block("twee-video"))
    assert '<track kind="captions" src="/media/clip.vtt" srclang="nl"' in html
    assert 'src="/media/clip.mp4" type="video/mp4"' in html
    assert "autoplay" not in html and "controls" in html


def test_audio_shows_transcript_from_file():
    html = render(TWO.block("twee-audio"))
    assert "<audio" in html and "uitgeschreven tekst van het geluid" in html


def test_escape_room_reveals_code_fragments():
    block = TWO.block("twee-escape")
    state = build_state(block, rows({"puzzle": "p1", "answer": "<b>x", "correct": False}),
                        done=False, pass_mark=70)
    html = render(block, state)
    assert state.wrong == {"p1": "<b>x"} and '"&lt;b&gt;x" is nog niet goed' in html
    assert "Hint 1 nemen" in html and "Niet de werkbegeleider." not in html  # hints cost: asked for
    state = build_state(block, rows(*({"puzzle": p, "answer": "a", "correct": True}
                                      for p in ("p1", "p3"))), done=False, pass_mark=70)
    html = render(block, state)
    assert state.solved_ids == {"p1", "p3"} and 'name="code"' in html  # any order; the lock is there
    assert '<strong class="code" data-slot="p2">??</strong>' in html
    assert '<strong class="code" data-slot="p3">C3</strong>' in html
    state = build_state(block, rows({"puzzle": "p1", "correct": True},
                                    {"puzzle": "p2", "correct": True},
                                    {"puzzle": "p3", "correct": True},
                                    {"code": "A1B2C3", "correct": True}), done=True, pass_mark=70)
    assert state.finished and "De code A1B2C3 klopt" in render(block, state)


@pytest.mark.parametrize(("value", "text"), [(2.0, "2"), (2.5, "2,5"), (66.7, "66,7"), (None, "")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_puzzle_answers_are_forgiving():
    puzzle = TWO.block("twee-escape").puzzles[0]
    assert puzzle.accepts("  De   Leidinggevende ")
    assert not puzzle.accepts("jobcoach")
    assert TWO.block("twee-escape").accepts_code("a1 b2 c3")


def test_every_shipped_block_renders():
    from lti_tool.settings import PROJECT_ROOT

    course = load_package(PROJECT_ROOT / "content_packages" / "werkbegeleiding")
    for module in course.modules:
        for block in module.blocks:
            html = render(block, build_state(block, [], done=False, pass_mark=module.pass_mark))
            assert 'class="block-body' in html and "<h1" not in html
