"""Invite lifecycle and the personal code: create, open, expire, revoke, limits, lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lti_tool.models import utcnow
from lti_tool.models.samenleer import SamenleerCodeAttempt, SamenleerInvite, SamenleerTrack
from lti_tool.samenleer import ratelimit
from lti_tool.samenleer.codes import code_problem, hash_code, new_salt, verify_code
from tests.samenleer_support import CODE, invite_link, invite_path, new_track, professional, sign_in


@pytest.fixture
def pro(app):
    return professional(app)


def _track(app, track_id: int) -> SamenleerTrack:
    with app.extensions["db"].session() as session:
        track = session.get(SamenleerTrack, track_id)
        session.expunge(track)
        return track


def test_invite_is_unguessable_hashed_and_shown_once(app, client, pro):
    track_id = new_track(client, pro)
    link = invite_link(client, pro, track_id)
    token = invite_path(link).rsplit("/", 1)[1]
    with app.extensions["db"].session() as session:
        invite = session.query(SamenleerInvite).one()
        assert invite.track_id == track_id
        assert len(invite.secret_hash) == 64 and invite.secret_hash not in token
    track_page = client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text
    assert token not in track_page  # only the hash is kept: the link is shown once
    assert '<svg' in client.post(f"/samenleer/t/{track_id}/uitnodiging",
                                 data={"lt": pro.token}).text  # the QR code, inline


def test_first_visit_sets_a_code_then_the_code_is_needed(app, client, pro):
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    page = client.get(path + "/")
    assert page.status_code == 200 and 'name="repeat"' in page.text
    assert client.post(path + "/", data={"code": "1234", "repeat": "1234"}).status_code == 400
    assert client.post(path + "/", data={"code": "12", "repeat": "12"}).status_code == 400
    assert client.post(path + "/", data={"code": "4826", "repeat": "4827"}).status_code == 400
    guest = sign_in(client, path)
    assert client.get(f"{path}/start?gt={guest.token}").status_code == 200
    track = _track(app, 1)
    assert track.code_hash.startswith("scrypt$") and CODE not in track.code_hash

    fresh = app.test_client()  # no cookie: the code is asked again
    assert 'name="repeat"' not in fresh.get(path + "/").text
    assert fresh.get(f"{path}/start").status_code == 302
    assert fresh.post(path + "/", data={"code": "9999"}).status_code == 400
    sign_in(fresh, path, first_time=False)


def test_cookie_is_a_convenience_but_posts_need_the_form_token(client, pro):
    track_id = new_track(client, pro)
    path = invite_path(invite_link(client, pro, track_id))
    sign_in(client, path)
    assert client.get(path + "/").status_code == 302  # the first-party cookie signs the guest in
    assert client.post(f"{path}/wissen", data={}).status_code == 401  # but never a POST


def test_guest_token_is_bound_to_its_invite(client, pro):
    first = sign_in(client, invite_path(invite_link(client, pro, new_track(client, pro, "A"))))
    other_path = invite_path(invite_link(client, pro, new_track(client, pro, "B")))
    fresh_client = client.application.test_client()
    assert fresh_client.get(f"{other_path}/start?gt={first.token}").status_code == 302


def test_expired_invite(app, client, pro):
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    with app.extensions["db"].session() as session:
        session.query(SamenleerInvite).one().expires_at = utcnow() - timedelta(minutes=1)
    response = client.get(path + "/")
    assert response.status_code == 410 and "verlopen" in response.text


def test_revoked_and_replaced_invites_stop_working(app, client, pro):
    track_id = new_track(client, pro)
    first = invite_path(invite_link(client, pro, track_id))
    guest = sign_in(client, first)
    second = invite_path(invite_link(client, pro, track_id))
    assert client.get(first + "/").status_code == 410
    assert client.get(f"{first}/start?gt={guest.token}").status_code == 410
    assert 'name="repeat"' in client.get(second + "/").text  # a new link: a new code
    assert client.post(f"/samenleer/t/{track_id}/uitnodiging/intrekken",
                       data={"lt": pro.token}).status_code == 303
    assert client.get(second + "/").status_code == 410


def test_tampered_invites_are_refused(client, pro):
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    assert client.get(path[:-2] + "xx/").status_code == 404
    assert client.get("/s/not-a-token/").status_code == 404


def test_wrong_codes_lock_the_track_with_a_clear_message(app, client, pro):
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    sign_in(client, path)
    other = app.test_client()
    for attempt in range(1, ratelimit.TRACK_LIMIT):
        response = other.post(path + "/", data={"code": "9999"})
        assert response.status_code == 400
        assert f"nog {ratelimit.TRACK_LIMIT - attempt} keer" in response.text
    locked = other.post(path + "/", data={"code": "9999"})
    assert locked.status_code == 429
    assert "over 15 minuten" in locked.text and " om " in locked.text
    assert other.post(path + "/", data={"code": CODE}).status_code == 429  # even the right code
    with app.extensions["db"].session() as session:
        row = session.get(SamenleerCodeAttempt, "track:1")
        row.locked_until = utcnow() - timedelta(seconds=1)
    sign_in(other, path, first_time=False)


def test_wrong_codes_are_limited_per_address_across_tracks(app, client, pro, monkeypatch):
    monkeypatch.setattr(ratelimit, "ADDRESS_LIMIT", 3)
    monkeypatch.setattr("lti_tool.samenleer.guest_views.ADDRESS_LIMIT", 3)
    paths = []
    for label in ("A", "B"):
        path = invite_path(invite_link(client, pro, new_track(client, pro, label)))
        sign_in(client, path)
        paths.append(path)
    other = app.test_client()
    assert other.post(paths[0] + "/", data={"code": "9999"}).status_code == 400
    assert other.post(paths[0] + "/", data={"code": "9998"}).status_code == 400
    assert other.post(paths[1] + "/", data={"code": "9997"}).status_code == 429
    assert other.post(paths[1] + "/", data={"code": CODE}).status_code == 429


def test_redis_store_counts_and_locks(app, settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    with app.extensions["db"].session() as session:
        store = ratelimit.attempt_store(session, "redis://127.0.0.1:6379/0", settings.secret_key)
        assert isinstance(store, ratelimit.RedisAttempts)
        key = "track:test"
        store.clear(key)
        assert store.fail(key, 2) == (1, None)
        count, until = store.fail(key, 2)
        assert count == 2 and until is not None
        assert store.locked_until(key) is not None
        store.clear(key)
        assert store.locked_until(key) is None


def test_codes_are_checked_and_hashed_slowly():
    assert code_problem("0000") == "too_easy" and code_problem("6543") == "too_easy"
    assert code_problem("12a4") == "format" and code_problem("1234567") == "format"
    assert code_problem("4826") is None and code_problem("730519") is None
    salt = new_salt()
    stored = hash_code("4826", salt, "k" * 40)
    assert verify_code("4826", salt, stored, "k" * 40)
    assert not verify_code("4827", salt, stored, "k" * 40)
    assert not verify_code("4826", new_salt(), stored, "k" * 40)  # per-track salt
    assert not verify_code("4826", salt, stored, "other" * 10)  # peppered with the secret key
