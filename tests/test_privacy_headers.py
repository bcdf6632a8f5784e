"""Pages with personal data are never stored by a browser or proxy cache; public files may be."""

from __future__ import annotations

from tests.samenleer_support import invite_link, invite_path, new_track, professional
from tests.test_learning_support import INSTRUCTOR, LEARNER, make_launch
from tests.zelfscan_support import FRAMEWORK, add_finished_scan


def test_pages_with_personal_data_are_never_stored(app, client):
    learner = make_launch(app, roles=(LEARNER,))
    staff = make_launch(app, roles=(INSTRUCTOR,))
    add_finished_scan(app, learner, {"veiligheid": 3.0})
    pages = [("/dashboard/", staff), ("/dashboard/voortgang.csv", staff), ("/learn/course", learner),
             (f"/zelfscan/{FRAMEWORK}/resultaat", learner), (f"/zelfscan/{FRAMEWORK}/groep", staff),
             (f"/zelfscan/{FRAMEWORK}/groep.csv", staff), ("/samenleer/", staff)]
    for path, who in pages:
        response = client.get(path, query_string={"lt": who.token})
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    pro = professional(app)
    guest_page = client.get(invite_path(invite_link(client, pro, new_track(client, pro))) + "/")
    assert guest_page.status_code == 200 and guest_page.headers["Cache-Control"] == "no-store"


def test_public_files_may_be_cached(client):
    assert "no-store" not in client.get("/static/css/app.css").headers["Cache-Control"]
    assert client.get("/brand/1.css").headers["Cache-Control"] == "public, max-age=300"
    assert client.get("/lti/jwks").headers["Cache-Control"] == "public, max-age=300"


def test_stylesheets_and_scripts_are_compressed_but_pages_never_are(app, client):
    """A slow phone link gets the render-blocking stylesheet at a third of its size; pages
    with a launch token are sent as they are (compressing secrets next to typed text
    opens the BREACH side channel)."""
    modern = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    css = client.get("/static/css/app.css", headers=modern)
    plain = client.get("/static/css/app.css")
    assert css.headers["Content-Encoding"] in {"br", "zstd"} and "Accept-Encoding" in css.headers["Vary"]
    assert len(css.get_data()) * 3 < len(plain.get_data()) and "Content-Encoding" not in plain.headers
    learner = make_launch(app, roles=(LEARNER,))
    page = client.get("/learn/course", query_string={"lt": learner.token}, headers=modern)
    assert page.status_code == 200 and "Content-Encoding" not in page.headers
