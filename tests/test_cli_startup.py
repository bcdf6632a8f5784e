"""``lti-tool --help`` and ``lti-tool export`` start without the web, database and LTI code.

Issue 16 asks for < 0.5 s of imports; a timing test would be flaky on a shared machine, so this
checks what the commands import (``benchmarks/startup.py`` measures the time).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from lti_tool.cli import LAZY_GROUPS, main
from lti_tool.settings import PROJECT_ROOT

HEAVY = {"flask", "flask_babel", "sqlalchemy", "alembic", "psycopg", "pylti1p3", "jwt", "requests",
         "cryptography", "redis", "werkzeug"}

RUN_AND_LIST_MODULES = """
import json, sys
from lti_tool.cli import main
try:
    main(sys.argv[1:], prog_name="lti-tool")
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(sys.modules)))
"""


def _heavy_modules_after(*arguments: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *arguments], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    return sorted({name.split(".")[0] for name in modules} & HEAVY)


def test_help_imports_no_heavy_module():
    assert _heavy_modules_after("--help") == []


def test_export_scorm_imports_no_database_web_or_lti_code(tmp_path):
    package = str(PROJECT_ROOT / "content_packages" / "werkbegeleiding")
    output = str(tmp_path / "course.zip")
    assert _heavy_modules_after("export", "scorm", "--version", "1.2", "--module",
                                "rol-van-de-werkbegeleider", package, "-o", output) == []
    assert (tmp_path / "course.zip").stat().st_size > 0


@pytest.mark.parametrize("name", sorted(LAZY_GROUPS))
def test_a_lazy_group_is_listed_with_its_own_help_and_runs(name):
    load, listed_help = LAZY_GROUPS[name]
    group = load()
    assert listed_help == group.get_short_help_str(limit=200)
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert listed_help.split(":")[0] in result.output


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("db", "seed", "serve", "worker", "content", *LAZY_GROUPS):
        assert f"  {name} " in result.output
