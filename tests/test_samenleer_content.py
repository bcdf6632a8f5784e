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
    assert {t.pictogram for t in themes.themes}
    assert all(len(t.simple.split()) <= 10 and len(t.short.split()) <= 4 for t in themes.themes)
    kinds = {t.id: themes.scale_of(t).kind for t in themes.themes}
    # Each theme's own kind of answer: no face scale under "Wat kan beter?" any more.
    assert kinds == {"past-bij-mij": "how-it-goes", "eerlijk-zijn": "yes-not-yet",
                     "wat-werkt": "how-much", "kan-beter": "how-much", "volgende-keer": "topics"}


def _edited(tmp_path: Path, repo_root: Path, *replacements: tuple[str, str]) -> tuple[list[str], str]:
    """The checker's problems for the course's themes file with ``replacements`` made once each."""
    package = _package(tmp_path, repo_root)
    themes = package / "samenleer" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    themes.write_text(text, encoding="utf-8")
    return [str(p) for p in check_package(package)], text


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_question_without_a_fitting_scale_is_refused(tmp_path, repo_root):
    problems, text = _edited(tmp_path, repo_root,
                             ("    scale: hoeveel-anders\n", ""),
                             ("    scale: ja-nog-niet\n", "    scale: hoe-gaat-het\n"))
    line = _line_of(text, "  - id: kan-beter")
    assert any(f"themes.yaml:{line}: theme 'kan-beter' has no answer scale" in p
               for p in problems), problems
    line = _line_of(text, "scale: hoe-gaat-het")
    assert any(f"themes.yaml:{line}: theme 'eerlijk-zijn' names scale 'hoe-gaat-het', which "
               "does not exist" in p for p in problems), problems


def test_a_scale_must_have_the_shape_and_pictures_of_its_kind(tmp_path, repo_root):
    problems, text = _edited(
        tmp_path, repo_root,
        ("{value: 2, label: Helpt een beetje, picture: beetje}",
         "{value: 2, label: Helpt een beetje, picture: blij}"),
        ("      - {value: 3, label: Ja, picture: ja}\n",
         "      - {value: 3, label: Ja, picture: ja}\n      - {value: 4, label: Zeker, picture: soms}\n"),
        ("    kind: topics\n",
         "    kind: topics\n    points:\n      - {value: 1, label: Een, picture: ja}\n"))
    line = _line_of(text, "Helpt een beetje, picture: blij")
    assert any(f"themes.yaml:{line}: 'blij' is not a picture of a 'how-much' scale" in p
               for p in problems), problems
    assert any("a 'yes-not-yet' scale needs 2 to 3 points" in p for p in problems), problems
    assert any("every point of a scale needs its own picture" in p for p in problems), problems
    assert any("a 'topics' scale has topics to choose from, not points" in p for p in problems)


def test_content_check_command_refuses_a_theme_without_a_scale(tmp_path, repo_root):
    _edited(tmp_path, repo_root, ("    scale: onderwerpen\n", ""))
    package = tmp_path / "pakket"
    result = subprocess.run([sys.executable, "-m", "lti_tool.cli", "content", "check", str(package)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "theme 'volgende-keer' has no answer scale" in result.stdout


def test_problems_carry_file_and_line(tmp_path, repo_root):
    package = _package(tmp_path, repo_root)
    themes = package / "samenleer" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    text = text.replace("    pictogram: hart", "    pictogram: raket", 1)
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
