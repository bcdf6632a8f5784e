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


# What ``export scorm`` leaves for other commands: the cartridge (and with it the LTI code),
# and mutagen's formats that no media file of the course is in (the course has an MP4 video
# and Opus audio in Ogg).
NOT_FOR_EXPORT_SCORM = {"scorm_export.cartridge", "lti_tool.lti", "mutagen.asf", "mutagen.mp3",
                        "mutagen.wave", "mutagen.aiff", "mutagen.apev2", "mutagen.musepack",
                        "mutagen.wavpack", "mutagen.dsf", "mutagen.smf", "mutagen.tak"}


def _modules_after(*arguments: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *arguments], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _heavy_modules_after(*arguments: str) -> list[str]:
    return sorted({name.split(".")[0] for name in _modules_after(*arguments)} & HEAVY)


def test_help_imports_no_heavy_module():
    assert _heavy_modules_after("--help") == []


def test_export_scorm_imports_no_database_web_or_lti_code(tmp_path):
    package = str(PROJECT_ROOT / "content_packages" / "werkbegeleiding")
    output = str(tmp_path / "course.zip")
    assert _heavy_modules_after("export", "scorm", "--version", "1.2", "--module",
                                "rol-van-de-werkbegeleider", package, "-o", output) == []
    assert (tmp_path / "course.zip").stat().st_size > 0


def test_export_scorm_imports_only_what_the_scorm_export_uses(tmp_path):
    package = str(PROJECT_ROOT / "content_packages" / "werkbegeleiding")
    modules = _modules_after("export", "scorm", "--version", "2004", package, "-o", str(tmp_path / "c.zip"))
    assert "mutagen.mp4" in modules and "mutagen.oggopus" in modules  # the course's media lengths
    assert sorted(modules & NOT_FOR_EXPORT_SCORM) == []


def test_export_of_a_course_without_audio_or_video_imports_no_mutagen(tmp_path):
    package = tmp_path / "course"
    (package / "modules").mkdir(parents=True)
    (package / "course.yaml").write_text(
        "id: kort\ntitle: Kort\nrequire_picture_or_sound: false\nmodules:\n  - modules/een.yaml\n",
        encoding="utf-8")
    (package / "modules" / "een.yaml").write_text(
        "id: een\ntitle: Een\nblocks:\n  - id: uitleg\n    type: text\n    body: Alleen tekst.\n",
        encoding="utf-8")
    output = str(tmp_path / "k.zip")
    modules = _modules_after("export", "scorm", "--version", "1.2", str(package), "-o", output)
    assert (tmp_path / "k.zip").stat().st_size > 0
    assert sorted(name for name in modules if name.split(".")[0] == "mutagen") == []


def test_export_cartridge_does_not_import_the_scorm_pages(tmp_path):
    package = str(PROJECT_ROOT / "content_packages" / "werkbegeleiding")
    modules = _modules_after("export", "cartridge", package, "-o", str(tmp_path / "cc.zip"),
                             "--tool-url", "https://tool.example.nl")
    assert "scorm_export.cartridge" in modules
    assert sorted(modules & {"scorm_export.package", "scorm_export.page", "lti_tool.blocks.render",
                             "jinja2"}) == []


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
