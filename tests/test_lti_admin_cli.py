"""`lti-tool platforms` and `lti-tool keys`, run as an admin would."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select

from lti_tool.cli import main
from lti_tool.lti.keys import ensure_tool_key, jwks, rotate
from lti_tool.models import PlatformRegistration, utcnow


def run(settings, *args):
    env = {"DATABASE_URL": settings.database_url, "INSTANCE_DIR": str(settings.instance_dir)}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result


def test_platforms_add_list_disable(settings, app):
    added = run(settings, "platforms", "add", "--organisation", "hs-x", "--organisation-name", "Hogeschool X",
                "--name", "Moodle HS X", "--issuer", "https://moodle.hsx.nl", "--client-id", "abc",
                "--login-url", "https://moodle.hsx.nl/mod/lti/auth.php",
                "--token-url", "https://moodle.hsx.nl/mod/lti/token.php",
                "--jwks-url", "https://moodle.hsx.nl/mod/lti/certs.php", "--deployment", "7")
    assert added.exit_code == 0, added.output
    listed = run(settings, "platforms", "list")
    assert "https://moodle.hsx.nl\tabc\tdeployments: 7" in listed.output
    assert run(settings, "platforms", "disable", "https://moodle.hsx.nl", "abc").exit_code == 0
    with app.extensions["db"].session() as session:
        row = session.execute(select(PlatformRegistration).where(
            PlatformRegistration.client_id == "abc")).scalar_one()
        assert row.active is False and row.organisation.name == "Hogeschool X"
    missing = CliRunner().invoke(main, ["platforms", "disable", "https://nope", "x"],
                                 env={"DATABASE_URL": settings.database_url})
    assert missing.exit_code != 0 and "no registration" in missing.output


def test_key_rotation_publishes_first_then_signs_then_retires(app):
    database = app.extensions["db"]
    with database.session() as session:
        old = ensure_tool_key(session)
        new = rotate(session, timedelta(hours=1))
        published = {k["kid"] for k in jwks(session)["keys"]}
        assert published == {old.kid, new.kid}
        assert ensure_tool_key(session).kid == old.kid  # not signing with the new key yet
        new.signing_from = utcnow() - timedelta(seconds=1)
        assert ensure_tool_key(session).kid == new.kid
        old.retired_at = utcnow() - timedelta(seconds=1)
        assert {k["kid"] for k in jwks(session)["keys"]} == {new.kid}


def test_keys_cli(settings, app):
    assert "signing" in run(settings, "keys", "list").output
    rotated = run(settings, "keys", "rotate", "--overlap-hours", "2")
    assert rotated.exit_code == 0 and "New key" in rotated.output
    assert "published, signs from" in run(settings, "keys", "list").output
