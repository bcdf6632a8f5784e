"""Migration 0013_tenancy on a database that has rows from before: learners keep their data,
and a learner who was shared across organisations is split (issue 12, finding 4).

The rows are written with plain SQL at revision 0008_merge_heads, as the tool wrote
them then, and the database is upgraded on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lti_tool.migrate import alembic_config, upgrade
from tests.conftest import TEST_DATABASE_URL

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ISSUER = "https://lms.shared-issuer.example"


pytestmark = pytest.mark.database  # its own databases from TEST_DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path):
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'before.sqlite3'}"
        return
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    name = f"lti_tool_mig_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def insert(conn, table: str, **values) -> int:
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    return conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params}) RETURNING id"),
                        values).scalar_one()


def organisation(conn, slug: str) -> int:
    return insert(conn, "organisations", slug=slug, name=slug, primary_color="#000000",
                  accent_color="#ffffff", created_at=NOW)


def registration(conn, org: int, client_id: str) -> int:
    return insert(conn, "platform_registrations", organisation_id=org, name="LMS", issuer=ISSUER,
                  client_id=client_id, auth_login_url=ISSUER + "/auth", auth_token_url=ISSUER + "/token",
                  jwks_url=ISSUER + "/jwks", active=True, created_at=NOW)


def context(conn, reg: int, context_id: str) -> int:
    return insert(conn, "course_contexts", registration_id=reg, context_id=context_id, title=context_id,
                  created_at=NOW)


def progress(conn, learner: int, ctx: int | None, module: str) -> int:
    return insert(conn, "module_progress", learner_id=learner, context_id=ctx, module_id=module,
                  status="completed", updated_at=NOW, created_at=NOW)


def launch_session(conn, learner: int, reg: int, ctx: int) -> None:
    conn.execute(text(
        "INSERT INTO launch_sessions (id, learner_id, registration_id, deployment_id, context_id, "
        "message_type, roles, expires_at, created_at) VALUES (:id, :learner, :reg, '1', :ctx, "
        "'LtiResourceLinkRequest', '[]', :expires, :now)"),
        {"id": uuid.uuid4().hex, "learner": learner, "reg": reg, "ctx": ctx,
         "expires": NOW + timedelta(hours=1), "now": NOW})


def scan(conn, learner: int, org: int, ctx: int | None) -> int:
    return insert(conn, "zelfscan_scans", learner_id=learner, organisation_id=org, context_id=ctx,
                  framework_id="werkbegeleider", status="completed", position=0, by_staff=False,
                  updated_at=NOW, created_at=NOW)


def track(conn, owner: int, org: int) -> int:
    return insert(conn, "samenleer_tracks", organisation_id=org, owner_id=owner, label="Kim",
                  visual=False, interval_weeks=6, code_salt="salt", last_activity_at=NOW,
                  created_at=NOW)


def learner_of(conn, table: str, row_id: int, column: str = "learner_id") -> tuple[int, int, str]:
    """(learner id, the learner's organisation, her name) for one row of ``table``."""
    return tuple(conn.execute(text(
        f"SELECT l.id, l.organisation_id, l.name FROM {table} t JOIN learners l ON l.id = t.{column} "
        "WHERE t.id = :id"), {"id": row_id}).one())


def test_upgrade_splits_a_learner_shared_across_organisations_and_keeps_everyones_data(
        empty_database_url):
    upgrade(empty_database_url, "0012_state")
    engine = create_engine(empty_database_url)
    with engine.begin() as conn:
        school, intruder = organisation(conn, "school"), organisation(conn, "elders")
        reg_school, reg_other = registration(conn, school, "school-client"), registration(conn, intruder, "x")
        ctx_school, ctx_other = context(conn, reg_school, "course-1"), context(conn, reg_other, "course-9")
        sanne = insert(conn, "learners", organisation_id=school, issuer=ISSUER, sub="u-1",
                       name="Sanne", email="sanne@school.example", created_at=NOW)
        kim = insert(conn, "learners", organisation_id=school, issuer=ISSUER, sub="u-2", name="Kim",
                     created_at=NOW)
        launch_session(conn, sanne, reg_school, ctx_school)
        launch_session(conn, sanne, reg_other, ctx_other)
        launch_session(conn, kim, reg_school, ctx_school)
        sanne_course = progress(conn, sanne, ctx_school, "module-a")
        sanne_no_context = progress(conn, sanne, None, "module-b")
        sanne_elsewhere = progress(conn, sanne, ctx_other, "module-a")
        kim_course = progress(conn, kim, ctx_school, "module-a")
        scan_school, scan_other = scan(conn, sanne, school, ctx_school), scan(conn, sanne, intruder, None)
        track_school, track_other = track(conn, sanne, school), track(conn, sanne, intruder)

    upgrade(empty_database_url)

    with engine.connect() as conn:
        home = learner_of(conn, "module_progress", sanne_course)
        assert home == (sanne, school, "Sanne")
        assert learner_of(conn, "module_progress", sanne_no_context) == home
        assert learner_of(conn, "zelfscan_scans", scan_school) == home
        assert learner_of(conn, "samenleer_tracks", track_school, "owner_id") == home
        assert learner_of(conn, "module_progress", kim_course) == (kim, school, "Kim")

        copy = learner_of(conn, "module_progress", sanne_elsewhere)
        assert copy[0] not in (sanne, kim) and copy[1:] == (intruder, "Sanne")
        assert learner_of(conn, "zelfscan_scans", scan_other) == copy
        assert learner_of(conn, "samenleer_tracks", track_other, "owner_id") == copy
        sessions = dict(conn.execute(text(
            "SELECT registration_id, learner_id FROM launch_sessions WHERE learner_id IN (:a, :b)"),
            {"a": sanne, "b": copy[0]}).all())
        assert sessions == {reg_school: sanne, reg_other: copy[0]}
        assert conn.execute(text("SELECT count(*) FROM learners")).scalar_one() == 3

    downgrade(empty_database_url, "0012_state")
    with engine.connect() as conn:
        assert learner_of(conn, "module_progress", sanne_elsewhere) == home
        assert learner_of(conn, "samenleer_tracks", track_other, "owner_id") == home
        assert conn.execute(text("SELECT count(*) FROM learners")).scalar_one() == 2
    engine.dispose()


def test_the_same_sub_may_live_in_two_organisations_after_the_upgrade(empty_database_url):
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    with engine.begin() as conn:
        first, second = organisation(conn, "a"), organisation(conn, "b")
        for org in (first, second):
            insert(conn, "learners", organisation_id=org, issuer=ISSUER, sub="u-1", created_at=NOW)
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as conn:
        insert(conn, "learners", organisation_id=first, issuer=ISSUER, sub="u-1", created_at=NOW)
    engine.dispose()
