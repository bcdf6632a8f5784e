"""Invite lifecycle and the personal code: create, open, expire, revoke, limits, lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lti_tool.models import utcnow
from lti_tool.models.samenleer import SamenleerInvite, SamenleerTrack
from lti_tool.ratelimit import Rule, Window, network_of
from lti_tool.samenleer import ratelimit
from lti_tool.samenleer.codes import code_problem, hash_code, new_salt, verify_code
from tests.samenleer_support import (
    CODE,
    client_at,
    invite_link,
    invite_path,
    new_track,
    professional,
    sign_in,
)


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


def test_wrong_codes_lock_the_track_and_the_professional_lifts_the_lock(app, client, pro):
    track_id = new_track(client, pro)
    path = invite_path(invite_link(client, pro, track_id))
    sign_in(client, path)
    stranger = app.test_client()
    for attempt in range(1, ratelimit.TRACK_LIMIT):
        response = stranger.post(path + "/", data={"code": "9999"})
        assert response.status_code == 400
        assert f"nog {ratelimit.TRACK_LIMIT - attempt} keer" in response.text
    locked = stranger.post(path + "/", data={"code": "9999"})
    assert locked.status_code == 429
    assert "over 15 minuten" in locked.text and " om " in locked.text
    guest = app.test_client()
    assert guest.post(path + "/", data={"code": CODE}).status_code == 429  # even the right code

    track_page = client.get(f"/samenleer/t/{track_id}?lt={pro.token}")
    assert "Blokkade opheffen" in track_page.text and "te vaak een verkeerde code" in track_page.text
    lifted = client.post(f"/samenleer/t/{track_id}/code-vrijgeven", data={"lt": pro.token})
    assert lifted.status_code == 303
    assert "De blokkade is opgeheven" in client.get(lifted.headers["Location"]).text
    sign_in(guest, path, first_time=False)
    assert "Blokkade opheffen" not in client.get(f"/samenleer/t/{track_id}?lt={pro.token}").text


def test_only_the_owner_can_lift_a_lock(app, client, pro):
    track_id = new_track(client, pro)
    other = professional(app, sub="someone-else")
    assert client.post(f"/samenleer/t/{track_id}/code-vrijgeven",
                       data={"lt": other.token}).status_code == 404


def test_a_new_invite_lifts_the_lock(app, client, pro):
    track_id = new_track(client, pro)
    path = invite_path(invite_link(client, pro, track_id))
    sign_in(client, path)
    stranger = app.test_client()
    for _attempt in range(ratelimit.TRACK_LIMIT):
        stranger.post(path + "/", data={"code": "9999"})
    assert stranger.post(path + "/", data={"code": CODE}).status_code == 429
    fresh = invite_path(invite_link(client, pro, track_id))
    sign_in(app.test_client(), fresh)  # a new link: a new code, and no lock


def test_wrong_codes_are_limited_per_network_across_tracks(app, client, pro, monkeypatch):
    monkeypatch.setattr("lti_tool.samenleer.guest_views.NETWORK",
                        Rule("samenleer-network", (Window(3, timedelta(minutes=15)),)))
    paths = []
    for label in ("A", "B"):
        path = invite_path(invite_link(client, pro, new_track(client, pro, label)))
        sign_in(client, path)
        paths.append(path)
    first = client_at(app, "203.0.113.7")
    neighbour = client_at(app, "203.0.113.200")
    elsewhere = client_at(app, "198.51.100.7")
    assert first.post(paths[0] + "/", data={"code": "9999"}).status_code == 400
    assert neighbour.post(paths[0] + "/", data={"code": "9998"}).status_code == 400
    assert first.post(paths[1] + "/", data={"code": "9997"}).status_code == 429  # the third: locked
    assert neighbour.post(paths[1] + "/", data={"code": CODE}).status_code == 429
    sign_in(elsewhere, paths[1], first_time=False)  # another network is not affected


def test_a_right_code_does_not_use_up_the_networks_tries(app, client, pro, monkeypatch):
    monkeypatch.setattr("lti_tool.samenleer.guest_views.NETWORK",
                        Rule("samenleer-network", (Window(2, timedelta(minutes=15)),)))
    path = invite_path(invite_link(client, pro, new_track(client, pro)))
    sign_in(client, path)
    colleagues = client_at(app, "2001:db8:1:2::10")
    for _visit in range(4):  # one care home's wifi: the guests all get their code right
        sign_in(colleagues, path, first_time=False)


def test_networks_are_ipv4_slash_24_and_ipv6_slash_64():
    assert network_of("203.0.113.7") == network_of("203.0.113.250") == "203.0.113.0/24"
    assert network_of("::ffff:203.0.113.9") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2::10") == network_of("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert network_of("2001:db8:1:3::10") != network_of("2001:db8:1:2::10")
    assert network_of(None) == network_of("not an address") == "unknown"


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
