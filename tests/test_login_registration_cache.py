"""The login's registration cache (Redis): what an operator changes is seen by every app at once.

Two app instances (two worker processes, in effect) on one database and one Redis: a
registration edited, switched off or added through one is what the other's next login sees,
while a login that finds its registration cached sends no SQL at all. The launch reads and
checks the registration and deployment in the database as before, so even a change that
reached no cache (edited by hand in SQL) is refused there. Redis at 127.0.0.1:6379 (skipped
when it does not answer); each test has a generation key of its own.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from lti_tool import create_app
from lti_tool.db import Database
from lti_tool.lti import registration_cache
from lti_tool.lti.registration_cache import RegistrationGeneration
from lti_tool.lti.registrations import NewRegistration, add_registration, set_active
from lti_tool.lti.tool_conf import DatabaseToolConf
from lti_tool.models import Deployment, PlatformRegistration
from tests.lti_platform import TestPlatform
from tests.test_query_counts import counted

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def generation_key(monkeypatch) -> Iterator[str]:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    key = f"test-{uuid.uuid4().hex}:registrations:generation"
    monkeypatch.setattr(registration_cache, "GENERATION_KEY", key)
    yield key
    redis.Redis.from_url(REDIS_URL).delete(key)


@pytest.fixture
def apps(settings, generation_key) -> Iterator[tuple]:
    """Two app instances on the same database and Redis."""
    made = [create_app(settings.with_overrides(redis_url=REDIS_URL)) for _ in range(2)]
    for app in made:
        app.config["TESTING"] = True
    yield tuple(made)
    for app in made:
        app.extensions["db"].dispose()


@pytest.fixture
def platform(apps) -> TestPlatform:
    platform = TestPlatform(issuer=f"https://lms-{uuid.uuid4().hex[:8]}.example.org")
    platform.register(apps[1].extensions["db"])
    return platform


def login(app, platform: TestPlatform, client_id: str | None = None):
    return app.test_client().get("/lti/login", headers={"Accept": "application/json"}, query_string={
        "iss": platform.issuer, "login_hint": "u", "client_id": client_id or platform.client_id,
        "target_link_uri": app.extensions["settings"].base_url + "/lti/launch"})


def redirected_to(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    location = urlsplit(response.headers["Location"])
    return f"{location.scheme}://{location.netloc}{location.path}"


def launch(app, platform: TestPlatform):
    client = app.test_client()
    response = client.get("/lti/login", query_string={
        "iss": platform.issuer, "login_hint": "u", "client_id": platform.client_id,
        "target_link_uri": app.extensions["settings"].base_url + "/lti/launch"})
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    token = platform.sign(platform.claims(query["nonce"][0]))
    return client.post("/lti/launch", data={"id_token": token, "state": query["state"][0]},
                       headers={"Accept": "application/json"})


def unwatched(app) -> Database:
    """The same database without the hook: a change made by hand in SQL, unknown to Redis."""
    return Database(app.extensions["settings"].database_url)


def test_a_cached_login_sends_no_sql_and_the_launch_still_reads_the_registration(apps, platform):
    first, _ = apps
    assert redirected_to(login(first, platform)) == platform.issuer + "/auth"
    with counted(first) as seen:
        assert redirected_to(login(first, platform)) == platform.issuer + "/auth"
    assert seen.seen == []
    with counted(first) as seen:
        assert launch(first, platform).status_code == 303
    assert any("platform_registrations" in statement for statement in seen.seen)


def test_a_registration_switched_off_in_one_app_is_refused_by_the_others_login_at_once(apps, platform):
    first, second = apps
    redirected_to(login(first, platform))
    redirected_to(login(first, platform))  # cached now
    with second.extensions["db"].session() as session:
        set_active(session, platform.issuer, platform.client_id, False)
    refused = login(first, platform)
    assert refused.status_code == 403 and refused.get_json()["check"] == "registration"
    with second.extensions["db"].session() as session:
        set_active(session, platform.issuer, platform.client_id, True)
    assert redirected_to(login(first, platform)) == platform.issuer + "/auth"


def test_a_login_url_edited_in_one_app_is_used_by_the_others_login_at_once(apps, platform):
    first, second = apps
    redirected_to(login(first, platform))
    redirected_to(login(first, platform))
    moved = platform.issuer + "/new-auth"
    with second.extensions["db"].session() as session:  # what `lti-tool platforms add` does
        add_registration(session, NewRegistration(
            organisation_slug=platform.organisation_slug, organisation_name="x", name="Test LMS",
            issuer=platform.issuer, client_id=platform.client_id, auth_login_url=moved,
            auth_token_url=platform.issuer + "/token", jwks_url=platform.jwks_url,
            deployment_ids=(platform.deployment_id,)))
    assert redirected_to(login(first, platform)) == moved
    with second.extensions["db"].session() as session:  # an UPDATE statement, no ORM object
        session.execute(update(PlatformRegistration).where(PlatformRegistration.issuer == platform.issuer)
                        .values(auth_login_url=platform.issuer + "/auth"))
    assert redirected_to(login(first, platform)) == platform.issuer + "/auth"


def test_a_new_registration_works_at_once_even_unannounced(apps):
    first, _ = apps
    platform = TestPlatform(issuer=f"https://new-{uuid.uuid4().hex[:8]}.example.org")
    assert login(first, platform).status_code == 403  # unknown: nothing is cached
    database = unwatched(first)
    try:
        platform.register(database)  # no new token in Redis: a miss is never cached
    finally:
        database.dispose()
    assert redirected_to(login(first, platform)) == platform.issuer + "/auth"


@pytest.mark.parametrize("switched_off", ["registration", "deployment"])
def test_the_launch_refuses_what_was_switched_off_even_when_the_login_did_not_notice(
        apps, platform, switched_off):
    """Switched off by hand in SQL (no new token): the cached login still redirects, but the
    launch reads the registration and its deployments from the database and refuses."""
    first, _ = apps
    assert launch(first, platform).status_code == 303
    database = unwatched(first)
    try:
        with database.session() as session:
            model = PlatformRegistration if switched_off == "registration" else Deployment
            session.execute(update(model).values(active=False))
    finally:
        database.dispose()
    refused = launch(first, platform)
    assert refused.status_code == 403, refused.get_data(as_text=True)
    assert refused.get_json()["check"] == switched_off


def test_a_change_committed_while_a_login_reads_the_registration_is_not_cached_as_current(
        apps, platform, monkeypatch):
    """The token is read before the row: a change that commits just after the row was read
    gives a newer token, so the entry read before it is not used again."""
    first, second = apps
    moved = platform.issuer + "/moved"
    select_registration = DatabaseToolConf._select_registration
    changed = []

    def read_then_change(self, iss, client_id):
        record = select_registration(self, iss, client_id)
        if not changed:
            changed.append(True)
            with second.extensions["db"].session() as session:
                session.execute(update(PlatformRegistration)
                                .where(PlatformRegistration.issuer == platform.issuer)
                                .values(auth_login_url=moved))
        return record

    monkeypatch.setattr(DatabaseToolConf, "_select_registration", read_then_change)
    assert redirected_to(login(first, platform)) == platform.issuer + "/auth"  # read before
    assert redirected_to(login(first, platform)) == moved


def test_a_lost_generation_token_means_reading_the_database_again(apps, platform, generation_key):
    import redis

    first, _ = apps
    redirected_to(login(first, platform))
    redis.Redis.from_url(REDIS_URL).delete(generation_key)
    with counted(first) as seen:
        assert redirected_to(login(first, platform)) == platform.issuer + "/auth"
    assert any("platform_registrations" in statement for statement in seen.seen)
    with counted(first) as seen:
        assert redirected_to(login(first, platform)) == platform.issuer + "/auth"
    assert seen.seen == []


def test_the_cli_announces_its_changes(apps, platform, monkeypatch):
    """``lti-tool platforms disable`` from another process: the apps' logins refuse at once."""
    from click.testing import CliRunner

    from lti_tool.lti.cli import platforms

    first, _ = apps
    redirected_to(login(first, platform))
    settings = first.extensions["settings"]
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("SECRET_KEY", settings.secret_key)
    result = CliRunner().invoke(platforms, ["disable", platform.issuer, platform.client_id])
    assert result.exit_code == 0, result.output
    assert login(first, platform).status_code == 403


def test_logins_during_a_switch_off_refuse_from_the_moment_it_is_saved(apps, platform):
    """Eight threads log in through one app while the other switches the registration off:
    every login that starts after the switch-off was saved is refused, none fails otherwise."""
    first, second = apps
    redirected_to(login(first, platform))
    saved_at: list[float] = []
    results: list[tuple[float, int]] = []
    stop = threading.Event()

    def keep_logging_in() -> None:
        while not stop.is_set():
            started = time.monotonic()
            results.append((started, login(first, platform).status_code))

    threads = [threading.Thread(target=keep_logging_in) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    with second.extensions["db"].session() as session:
        set_active(session, platform.issuer, platform.client_id, False)
    saved_at.append(time.monotonic())
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert {status for _, status in results} == {302, 403}
    assert all(status == 403 for started, status in results if started > saved_at[0])
    assert any(status == 302 for started, status in results if started < saved_at[0])


def test_the_token_is_set_once_by_racing_processes(generation_key):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    tokens: list[str] = []
    barrier = threading.Barrier(8)

    def read() -> None:
        barrier.wait(timeout=10)
        tokens.append(RegistrationGeneration(client).read())

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(tokens) == 8 and len(set(tokens)) == 1


def test_a_session_that_only_reads_sets_no_new_token(apps, platform, generation_key):
    import redis

    first, _ = apps
    database = first.extensions["db"]
    before = RegistrationGeneration(redis.Redis.from_url(REDIS_URL)).read()
    with database.session() as session:
        session.get(PlatformRegistration, 1)
    assert redis.Redis.from_url(REDIS_URL).get(generation_key).decode() == before
