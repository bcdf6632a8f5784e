"""``lti-tool lrs set/show``: the secret comes from the environment or stdin, is never echoed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lti_tool.cli import main
from lti_tool.models import LrsSettings, Organisation, OutboxMessage
from lti_tool.outbox import enqueue
from lti_tool.xapi.lrs_config import credentials


@pytest.fixture
def cli_env(app, settings, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("INSTANCE_DIR", str(settings.instance_dir))
    with app.extensions["db"].session() as session:
        organisation = Organisation(slug="org-cli", name="Organisatie CLI")
        session.add(organisation)
        session.flush()
        return organisation.id


def run(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(main, ["lrs", *args], input=input, env=env)


def stored(app, org_id: int) -> LrsSettings:
    with app.extensions["db"].session() as session:
        return session.get(LrsSettings, org_id)


def test_set_with_secret_from_the_environment(app, settings, cli_env):
    result = run("set", "org-cli", "--endpoint", "https://lrs.example.org/xAPI", "--key", "tool",
                 "--secret-env", "LRS_SECRET", env={"LRS_SECRET": "secret-from-env"})
    assert result.exit_code == 0, result.output
    assert "secret-from-env" not in result.output and "••••nv" in result.output
    row = stored(app, cli_env)
    assert credentials(row, settings.secret_key).secret == "secret-from-env"
    assert (row.enabled, row.identify_learners) == (True, False)


def test_set_with_secret_from_stdin_then_change_without_a_new_secret(app, settings, cli_env):
    assert run("set", "org-cli", "--endpoint", "https://lrs.example.org/xAPI", "--key", "tool",
               "--secret-stdin", input="secret-from-stdin\n").exit_code == 0
    result = run("set", "org-cli", "--disabled", "--identify-learners")
    assert result.exit_code == 0, result.output
    row = stored(app, cli_env)
    assert credentials(row, settings.secret_key).secret == "secret-from-stdin"
    assert (row.endpoint, row.key, row.enabled, row.identify_learners) == (
        "https://lrs.example.org/xAPI", "tool", False, True)


def test_show_reports_settings_and_queue_without_the_secret(app, cli_env):
    run("set", "org-cli", "--endpoint", "https://lrs.example.org/xAPI", "--key", "tool",
        "--secret-env", "LRS_SECRET", env={"LRS_SECRET": "secret-from-env"})
    with app.extensions["db"].session() as session:
        enqueue(session, kind="xapi_statement", target=f"lrs:{cli_env}", payload={})
    result = run("show", "org-cli")
    assert result.exit_code == 0, result.output
    assert "https://lrs.example.org/xAPI" in result.output and "pending 1" in result.output
    assert "secret-from-env" not in result.output
    with app.extensions["db"].session() as session:
        assert session.query(OutboxMessage).count() == 1


@pytest.mark.parametrize("args, message", [
    (["set", "nope", "--endpoint", "https://x.org", "--key", "k"], "Onbekende organisatie"),
    (["set", "org-cli", "--endpoint", "https://x.org", "--key", "k"], "secret nodig"),
    (["set", "org-cli", "--endpoint", "x.org", "--key", "k", "--secret-env", "LRS_SECRET"], "http://"),
    (["set", "org-cli", "--endpoint", "https://x.org", "--key", "k", "--secret-env", "NO_VAR"], "NO_VAR"),
])
def test_set_refuses_what_it_cannot_store(cli_env, args, message):
    result = run(*args, env={"LRS_SECRET": "s3cret-value"})
    assert result.exit_code != 0 and message in result.output
