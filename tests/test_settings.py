"""Production settings are checked strictly; every refusal is one readable line, exit status 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lti_tool.settings import ConfigurationError, Settings

BIN = Path(sys.executable).parent
GOOD = {"LTI_TOOL_ENV": "production", "SECRET_KEY": "s" * 40, "BASE_URL": "https://tool.example.nl"}


def test_the_environment_name_is_normalised_and_unknown_names_are_refused(tmp_path):
    assert Settings.from_env({**GOOD, "LTI_TOOL_ENV": " Production "}).is_production
    assert Settings.from_env({"LTI_TOOL_ENV": "DEVELOPMENT", "INSTANCE_DIR": str(tmp_path)}
                             ).environment == "development"
    with pytest.raises(ConfigurationError, match="'development' or 'production', not 'prod'"):
        Settings.from_env({**GOOD, "LTI_TOOL_ENV": "prod"})


@pytest.mark.parametrize(("change", "message"), [
    ({"DEVLMS_ENABLED": "1"}, "DEVLMS_ENABLED must be off in production"),
    ({"DEVLMS_ENABLED": "yes"}, "DEVLMS_ENABLED must be off in production"),
    ({"BASE_URL": "http://tool.example.nl"}, "https:// in production"),
    ({"BASE_URL": "tool.example.nl"}, "BASE_URL must be a full URL"),
    ({"ADMIN_TOKEN": "short-admin-token"}, "ADMIN_TOKEN must be at least 32"),
    ({"TRUST_PROXY_HEADERS": "one"}, "TRUST_PROXY_HEADERS must be a whole number"),
    ({"SECRET_KEY": ""}, "needs these environment variables: SECRET_KEY"),
    ({"OUTBOX_BATCH_SIZE": "0"}, "OUTBOX_BATCH_SIZE must be a whole number of at least 1, not '0'"),
    ({"OUTBOX_MAX_ATTEMPTS": "many"}, "OUTBOX_MAX_ATTEMPTS must be a whole number of at least 1"),
    ({"OUTBOX_LEASE_SECONDS": "soon"}, "OUTBOX_LEASE_SECONDS must be a number of seconds, not 'soon'"),
    ({"OUTBOX_BASE_DELAY_SECONDS": "-5"}, "OUTBOX_BASE_DELAY_SECONDS must be a number of seconds"),
    ({"OUTBOX_MAX_DELAY_SECONDS": "nan"}, "OUTBOX_MAX_DELAY_SECONDS must be a number of seconds"),
])
def test_production_refuses_footguns(change, message):
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({**GOOD, **change})


def test_production_with_good_settings_starts_without_the_development_lms():
    settings = Settings.from_env({**GOOD, "ADMIN_TOKEN": "a" * 32, "DEVLMS_ENABLED": "0"})
    assert not settings.devlms_enabled and settings.admin_token == "a" * 32
    assert "a" * 32 not in repr(settings)


def _clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "INSTANCE_DIR": str(tmp_path), **values}


@pytest.mark.parametrize(("command", "env", "message"), [
    (["db", "upgrade"], {"LTI_TOOL_ENV": "production"},
     "Production needs these environment variables: SECRET_KEY, BASE_URL"),
    (["worker", "--once"], {"OUTBOX_CLAIM_LIMIT": "lots"},
     "OUTBOX_CLAIM_LIMIT must be a whole number of at least 1, not 'lots'."),
])
def test_lti_tool_says_what_is_wrong_in_one_line(tmp_path, command, env, message):
    result = subprocess.run([str(BIN / "lti-tool"), *command], capture_output=True, text=True,
                            env=_clean_env(tmp_path, **env), timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"lti-tool: configuration error: {message}"]


def test_gunicorn_stops_with_one_line_and_status_2(tmp_path):
    env = _clean_env(tmp_path, LTI_TOOL_ENV="production", SECRET_KEY="s" * 40,
                     BASE_URL="https://tool.example.nl", DEVLMS_ENABLED="1")
    result = subprocess.run([str(BIN / "gunicorn"), "--preload", "--bind", "127.0.0.1:0",
                             "lti_tool:create_app()"], capture_output=True, text=True, env=env,
                            timeout=60, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert ("lti-tool: configuration error: DEVLMS_ENABLED must be off in production"
            in result.stderr)


def test_the_worker_tuning_is_read_with_the_other_settings():
    settings = Settings.from_env({**GOOD, "OUTBOX_MAX_ATTEMPTS": "4", "OUTBOX_LEASE_SECONDS": "30.5",
                                  "OUTBOX_BREAKER_THRESHOLD": " 2 "})
    assert (settings.outbox.max_attempts, settings.outbox.lease_seconds,
            settings.outbox.breaker_threshold) == (4, 30.5, 2)
    assert settings.outbox.batch_size == 50  # unset: the default


ROOT = Path(__file__).resolve().parent.parent
READ_BY_NAME = re.compile(r'env(?:\.get\(|, )"([A-Z][A-Z0-9_]+)"')


def _documented() -> set[str]:
    """The variables in the first column of the README's configuration table."""
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {name for row in section.splitlines() if row.startswith("| `")
            for name in re.findall(r"`([A-Z0-9_]+)`", row.split("|")[1])}


def test_every_setting_is_in_the_readme_table():
    read = set(READ_BY_NAME.findall((ROOT / "lti_tool" / "settings.py").read_text()))
    assert {"ADMIN_TOKEN", "EGRESS_ALLOW_HOSTS", "REDIS_URL", "OUTBOX_MAX_ATTEMPTS"} <= read
    assert read - _documented() == set()
    assert _documented() - read == set()


def test_only_settings_reads_the_environment():
    """One place reads configuration: ``Settings``. (``lti-tool lrs set --secret-env VAR``
    reads the one variable the operator names for a secret, so it never shows in ``ps``.)"""
    readers = set()
    for package in ("lti_tool", "scorm_export"):
        for path in (ROOT / package).rglob("*.py"):
            if re.search(r"os\.environ|os\.getenv|\bgetenv\(", path.read_text()):
                readers.add(path.relative_to(ROOT).as_posix())
    assert readers == {"lti_tool/settings.py", "lti_tool/xapi/cli.py"}
