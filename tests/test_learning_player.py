"""The module player end to end: launch token, pages, answers, progress and grades."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from test_learning_support import INSTRUCTOR, PLAYER_CONTENT, hidden, make_launch

from lti_tool.models import Answer, ModuleProgress, OutboxMessage


@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PLAYER_CONTENT)


@pytest.fixture
def lt(app):
    return make_launch(app).token


def count(app, model, **filters):
    with app.extensions["db"].session() as session:
        query = select(func.count(model.id))
        for key, value in filters.items():
            query = query.where(getattr(model, key) == value)
        return session.scalar(query)


def progress_row(app, module_id="een"):
    with app.extensions["db"].session() as session:
        return session.scalar(select(ModuleProgress).where(ModuleProgress.module_id == module_id))


def page(client, url, lt):
    response = client.get(url + ("&" if "?" in url else "?") + f"lt={lt}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_without_token_401(client):
    response = client.get("/learn/course")
    assert response.status_code == 401
    assert "Niet gestart vanuit de leeromgeving" in response.get_data(as_text=True)
    assert client.post("/learn/m/een/b/een-quiz/answer", data={"q-v1": "a"}).status_code == 401


def test_forged_and_expired_tokens_401(app, client, lt):
    assert client.get("/learn/course", query_string={"lt": lt + "x"}).status_code == 401
    expired = make_launch(app, expired=True).token
    assert client.get("/learn/course", query_string={"lt": expired}).status_code == 401
    assert client.get("/learn/course", headers={"X-Launch-Token": lt}).status_code == 200


def test_entry_goes_to_the_linked_module_or_course_home(app, client):
    to_module = make_launch(app, content_item_id="een").token
    response = client.get("/learn", query_string={"lt": to_module})
    assert response.status_code == 302 and "/learn/m/een?" in response.location
    to_home = make_launch(app, content_item_id=None).token
    assert "/learn/course?" in client.get("/learn", query_string={"lt": to_home}).location


def test_unknown_module_or_block_404(client, lt):
    assert client.get("/learn/m/nope", query_string={"lt": lt}).status_code == 404
    assert client.get("/learn/m/een/b/nope", query_string={"lt": lt}).status_code == 404


def test_block_page_structure(client, lt):
    html = page(client, "/learn/m/een/b/een-quiz", lt)
    assert html.count("<h1") == 1 and '<html lang="nl">' in html
    assert "Stap 2 van 3" in html and "<h1>Module een</h1>" in html
    assert 'aria-live="polite"' in html and "style=" not in html
    assert "<script>" not in html
    for form in html.split("<form")[1:]:
        assert f'name="lt" value="{lt}"' in form.split("</form>")[0]


def test_text_done_moves_on_and_resume(app, client, lt):
    response = client.post("/learn/m/een/b/een-tekst/done", data={"lt": lt})
    assert response.status_code == 303 and "/learn/m/een/b/een-quiz?" in response.location
    assert progress_row(app).blocks_done == ["een-tekst"]
    page(client, "/learn/m/een/b/een-reflectie", lt)
    resume = client.get("/learn/m/een", query_string={"lt": lt})
    assert "/learn/m/een/b/een-reflectie?" in resume.location


def answer_quiz(client, lt, attempt, **choices):
    data = {"lt": lt, "attempt": str(attempt)}
    data.update({f"q-{k}": v for k, v in choices.items()})
    return client.post("/learn/m/een/b/een-quiz/answer", data=data)


def test_quiz_answer_feedback_retry_and_no_double_submit(app, client, lt):
    response = answer_quiz(client, lt, 0, v1="b", v2=["twee"])
    assert response.status_code == 303 and response.location.endswith("#resultaat")
    html = page(client, response.location.split("?")[0], lt)
    assert "Je score is 25%." in html and "Nee, dat is te veel." in html
    assert "(nog niet gehaald)" in html and "(gedaan)" not in html
    assert "Opnieuw proberen" in html
    # The same form again (reload, back button): no second answer row.
    again = answer_quiz(client, lt, 0, v1="a", v2=["twee", "vier"])
    assert "al-verstuurd" in again.location
    assert count(app, Answer) == 1
    retry = page(client, "/learn/m/een/b/een-quiz?retry=1", lt)
    assert hidden(retry, "attempt") == "1"
    answer_quiz(client, lt, 1, v1="a", v2=["twee", "vier"])
    html = page(client, "/learn/m/een/b/een-quiz", lt)
    assert "Je score is 100%." in html and "Je hebt de quiz gehaald." in html
    assert "(gedaan)" in html and "(nog niet gehaald)" not in html
    assert count(app, Answer) == 2
    assert progress_row(app).last_block_id == "een-quiz"


def test_empty_quiz_is_refused(app, client, lt):
    response = answer_quiz(client, lt, 0)
    assert "melding=leeg" in response.location
    assert "Kies eerst een antwoord." in page(client, "/learn/m/een/b/een-quiz?melding=leeg&retry=1",
                                              lt)
    assert count(app, Answer) == 0


def test_completing_module_writes_fully_graded_score(app, client):
    lt = make_launch(app, content_item_id="een").token  # the module's own placement
    client.post("/learn/m/een/b/een-tekst/done", data={"lt": lt})
    client.post("/learn/m/een/b/een-reflectie/answer", data={"lt": lt, "text": "Mijn les."})
    assert count(app, OutboxMessage) == 1  # InProgress with the reflection answer
    answer_quiz(client, lt, 0, v1="a", v2=["twee"])
    with app.extensions["db"].session() as session:
        messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        last = messages[-1].payload["score"]
        quiz_answer = session.scalar(select(Answer).where(Answer.block_id == "een-quiz"))
        assert messages[-1].created_at >= quiz_answer.created_at
    assert last["activityProgress"] == "Completed" and last["gradingProgress"] == "FullyGraded"
    assert last["scoreGiven"] == 75.0 and last["scoreMaximum"] == 100
    row = progress_row(app)
    assert row.status == "completed" and row.score_given == 75.0
    summary = page(client, "/learn/m/een/klaar", lt)
    assert "Je hebt deze module afgerond." in summary and "75%" in summary
    home = page(client, "/learn/course", lt)
    assert "Afgerond" in home and "score 75%" in home


def test_no_outbox_without_ags(app, client):
    lt = make_launch(app, ags=None).token
    client.post("/learn/m/een/b/een-tekst/done", data={"lt": lt})
    client.post("/learn/m/een/b/een-reflectie/answer", data={"lt": lt, "text": "x"})
    answer_quiz(client, lt, 0, v1="a", v2=["twee", "vier"])
    assert progress_row(app).status == "completed"
    assert count(app, OutboxMessage) == 0


def test_sequential_locking(app, client, lt):
    home = page(client, "/learn/course", lt)
    assert "Op slot" in home and 'gaat open als je "Module een" hebt afgerond' in home
    assert "/learn/m/twee?" not in home
    assert client.get("/learn/m/twee", query_string={"lt": lt}).status_code == 403
    client.post("/learn/m/een/b/een-tekst/done", data={"lt": lt})
    client.post("/learn/m/een/b/een-reflectie/answer", data={"lt": lt, "text": "x"})
    answer_quiz(client, lt, 0, v1="b")
    assert "/learn/m/twee?" in page(client, "/learn/course", lt)
    page(client, "/learn/m/twee/b/twee-casus", lt)


def test_instructor_is_never_locked(app, client):
    lt = make_launch(app, roles=(INSTRUCTOR,)).token
    assert "als docent" in page(client, "/learn/course", lt)
    page(client, "/learn/m/twee/b/twee-video", lt)


def test_reflection_is_private_editable_and_escaped(app, client, lt):
    evil = '<img src=x onerror="alert(1)">'
    response = client.post("/learn/m/een/b/een-reflectie/answer", data={"lt": lt, "text": evil})
    assert "melding=bewaard" in response.location
    html = page(client, "/learn/m/een/b/een-reflectie?melding=bewaard", lt)
    assert evil not in html and "&lt;img src=x onerror=" in html
    assert "Je antwoord is bewaard." in html
    client.post("/learn/m/een/b/een-reflectie/answer", data={"lt": lt, "text": "Nieuwe tekst"})
    assert "Nieuwe tekst" in page(client, "/learn/m/een/b/een-reflectie", lt)
    assert count(app, Answer) == 2  # never overwritten
    other = make_launch(app).token
    assert "Nieuwe tekst" not in page(client, "/learn/m/een/b/een-reflectie", other)


def test_case_and_escape_room_flow(app, client):
    lt = make_launch(app, roles=(INSTRUCTOR,)).token
    url = "/learn/m/twee/b/twee-casus/answer"
    client.post(url, data={"lt": lt, "step": "start", "choice": "praten"})
    html = page(client, "/learn/m/twee/b/twee-casus", lt)
    assert "Je collega vertelt over de bus." in html and 'value="vervolg"' in html
    client.post(url, data={"lt": lt, "step": "start", "choice": "melden"})  # stale: ignored
    client.post(url, data={"lt": lt, "step": "vervolg", "choice": "afspraak"})
    assert "Einde van de casus" in page(client, "/learn/m/twee/b/twee-casus", lt)
    assert "twee-casus" in progress_row(app, "twee").blocks_done

    url = "/learn/m/twee/b/twee-escape/answer"
    client.post(url, data={"lt": lt, "puzzle": "p1", "answer": "HR"})
    assert "is nog niet goed" in page(client, "/learn/m/twee/b/twee-escape", lt)
    for puzzle, answer in (("p1", "Leidinggevende"), ("p2", "jobcoach"), ("p3", "7")):
        client.post(url, data={"lt": lt, "puzzle": puzzle, "answer": answer})
    client.post(url, data={"lt": lt, "code": "A1B2C3"})
    assert "klopt" in page(client, "/learn/m/twee/b/twee-escape", lt)
    assert "twee-escape" in progress_row(app, "twee").blocks_done


def test_media_are_served(client):
    response = client.get("/learn/media/clip.vtt")
    assert response.status_code == 200 and response.mimetype == "text/vtt"
    assert client.get("/learn/media/../course.yaml").status_code == 404


def test_volgende_with_a_chosen_quiz_answer_asks_instead_of_dropping_it(app, client, lt):
    url = "/learn/m/een/b/een-quiz/volgende"
    # Nothing chosen: "Volgende" simply goes on.
    response = client.post(url, data={"lt": lt, "attempt": "0"})
    assert response.status_code == 303 and "/learn/m/een/b/een-reflectie?" in response.location
    # A choice made but not checked: the page comes back, the choice still made, with a question.
    response = client.post(url, data={"lt": lt, "attempt": "0", "q-v1": "a", "q-v2": ["vier"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Je hebt een antwoord gekozen, maar nog niet gecontroleerd." in html
    assert 'value="a" checked' in html and 'value="vier" checked' in html
    assert 'value="twee">' in html  # not chosen, not checked
    assert "Overslaan" in html and count(app, Answer) == 0
    # "Controleer je antwoorden" on that page sends the kept answer; "Overslaan" goes on.
    answer_quiz(client, lt, 0, v1="a", v2=["vier"])
    assert count(app, Answer) == 1
    skip = client.post(url, data={"lt": lt, "attempt": "1", "q-v1": "b", "overslaan": "1"})
    assert skip.status_code == 303 and "/learn/m/een/b/een-reflectie?" in skip.location
    assert count(app, Answer) == 1


def test_volgende_with_a_chosen_case_step_asks_and_a_stale_step_goes_on(app, client):
    lt = make_launch(app, roles=(INSTRUCTOR,)).token
    url = "/learn/m/twee/b/twee-casus/volgende"
    response = client.post(url, data={"lt": lt, "step": "start", "choice": "praten"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="praten" required checked' in html
    assert "nog niet op &#34;Dit kies ik&#34; gedrukt" in html or \
        "nog niet op \"Dit kies ik\" gedrukt" in html
    # A choice for a step the run is not at (another tab) is not an unsent answer.
    stale = client.post(url, data={"lt": lt, "step": "vervolg", "choice": "afspraak"})
    assert stale.status_code == 303 and count(app, Answer) == 0


def test_the_expired_page_says_a_typed_text_is_kept_and_where_to_go(app, client):
    expired = make_launch(app, expired=True).token
    url = "/learn/m/een/b/een-reflectie/answer"
    response = client.post(url, data={"lt": expired, "text": "Mijn plan"})
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and "Je sessie is verlopen" in html
    assert "Hij is niet weg: deze browser onthoudt hem." in html
    assert "Terug naar de leeromgeving" not in html  # this launch named no LMS page
    english = client.post(url, data={"lt": expired, "text": "My plan"},
                          headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "It is not lost: this browser remembers it." in english
    plain = client.get("/learn/course", query_string={"lt": expired}).get_data(as_text=True)
    assert "open de activiteit daar opnieuw" in plain and "browser onthoudt" not in plain
    assert count(app, Answer) == 0
