"""The Samenleer themes are content: typed, checked with file and line, in our own words."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lti_tool.content.loader import check_package
from lti_tool.content.samenleer_check import load_samenleer

SEEDS = Path("/work/shared/seeds")
HOOK = Path("/work/shared/hooks/copied-text.py")


def _package(tmp_path: Path, repo_root: Path) -> Path:
    target = tmp_path / "pakket"
    shutil.copytree(repo_root / "content_packages" / "werkbegeleiding", target)
    return target


def test_course_names_valid_themes(repo_root):
    package = repo_root / "content_packages" / "werkbegeleiding"
    assert check_package(package) == []
    themes, problems = load_samenleer(package)
    assert problems == [] and themes is not None
    assert {t.pictogram for t in themes.themes} and len(themes.scale) == 5
    assert all(len(t.simple.split()) <= 10 for t in themes.themes)


def test_problems_carry_file_and_line(tmp_path, repo_root):
    package = _package(tmp_path, repo_root)
    themes = package / "samenleer" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    text = text.replace("pictogram: hart", "pictogram: raket", 1)
    text = text.replace("  - id: wat-werkt", "  - id: past-bij-mij", 1)
    text = text.replace("simple: Wat helpt mij?",
                        "simple: Dit is een veel te lange zin voor de beeldversie van deze vraag", 1)
    themes.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_package(package)]
    lines = text.splitlines()
    raket = next(i for i, line in enumerate(lines, 1) if "raket" in line)
    assert any(f"themes.yaml:{raket}: themes.1.pictogram" in p for p in problems), problems
    assert any("duplicate theme id 'past-bij-mij'" in p for p in problems)
    assert any("at most 10 words" in p for p in problems)


def test_missing_themes_file_is_reported_on_the_manifest(tmp_path, repo_root):
    package = _package(tmp_path, repo_root)
    (package / "samenleer" / "themes.yaml").unlink()
    problems = [str(p) for p in check_package(package)]
    assert any("course.yaml:" in p and "Samenleer themes file not found" in p for p in problems)


def test_themes_are_not_copied_from_the_seeds(repo_root):
    if not HOOK.exists() or not SEEDS.exists():
        return
    result = subprocess.run([sys.executable, str(HOOK), str(SEEDS),
                             str(repo_root / "content_packages" / "werkbegeleiding" / "samenleer")],
                            capture_output=True, text=True, check=False)
    assert result.stdout == ""
