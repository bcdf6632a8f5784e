"""The one content cache: the course, its zelfscan frameworks and its Samenleer themes are
each picked up again after an author changes a file, by one rule (the package folder is
looked at again at most every ``CHECK_INTERVAL`` seconds)."""

from __future__ import annotations

import shutil

import pytest

from lti_tool.content.cache import CHECK_INTERVAL, clear_cache, get_course
from lti_tool.content.zelfscan_loader import frameworks_for
from lti_tool.samenleer.content import get_themes
from lti_tool.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "content_packages" / "werkbegeleiding"


@pytest.fixture
def package(tmp_path, settings, monkeypatch):
    """A copy of the shipped package, its settings, and a clock the test moves on."""
    clear_cache()
    clock = [1000.0]
    monkeypatch.setattr("lti_tool.content.cache.time.monotonic", lambda: clock[0])
    root = tmp_path / "content" / "werkbegeleiding"
    shutil.copytree(SHIPPED, root)
    yield root, settings.with_overrides(content_dir=root.parent), clock
    clear_cache()


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _titles(settings) -> tuple[str, str, str]:
    course = get_course(settings)
    return (course.title, frameworks_for(course)["werkbegeleider"].title,
            get_themes(settings).title)


def test_each_content_kind_is_kept_until_the_folder_is_looked_at_again(package):
    root, settings, clock = package
    before = _titles(settings)
    course, themes = get_course(settings), get_themes(settings)
    assert before == ("Werkbegeleiding in de praktijk", "Zelfscan voor werkbegeleiders",
                      "Samen kijken naar de begeleiding")

    _replace(root / "course.yaml", "title: Werkbegeleiding in de praktijk", "title: Cursus herzien")
    _replace(root / "zelfscan" / "werkbegeleider.yaml", "title: Zelfscan voor werkbegeleiders",
             "title: Zelfscan herzien")
    _replace(root / "samenleer" / "themes.yaml", "title: Samen kijken naar de begeleiding",
             "title: Samenleer herzien")
    clock[0] += CHECK_INTERVAL / 2
    assert _titles(settings) == before  # not looked at again yet: the same objects are served
    assert get_course(settings) is course and get_themes(settings) is themes

    clock[0] += CHECK_INTERVAL
    assert _titles(settings) == ("Cursus herzien", "Zelfscan herzien", "Samenleer herzien")


@pytest.mark.parametrize("changed, old, new, position", [
    ("course.yaml", "title: Werkbegeleiding in de praktijk", "title: Alleen de cursus", 0),
    ("zelfscan/werkbegeleider.yaml", "title: Zelfscan voor werkbegeleiders", "title: Alleen de scan", 1),
    ("samenleer/themes.yaml", "title: Samen kijken naar de begeleiding", "title: Alleen Samenleer", 2),
])
def test_a_change_to_one_file_is_picked_up(package, changed, old, new, position):
    root, settings, clock = package
    expected = list(_titles(settings))
    _replace(root / changed, old, new)
    clock[0] += CHECK_INTERVAL + 0.1
    expected[position] = new.removeprefix("title: ")
    assert list(_titles(settings)) == expected


def test_a_package_folder_swapped_by_symlink_is_followed_at_the_next_look(package, tmp_path):
    """The folder's resolved path is kept too (issue 16), for the same ``CHECK_INTERVAL``."""
    root, _settings, clock = package
    releases = tmp_path / "releases"
    shutil.copytree(root, releases / "a")
    shutil.copytree(root, releases / "b")
    _replace(releases / "b" / "course.yaml", "title: Werkbegeleiding in de praktijk", "title: Release b")
    link_dir = tmp_path / "linked"
    link_dir.mkdir()
    (link_dir / "werkbegeleiding").symlink_to(releases / "a")
    settings = _settings.with_overrides(content_dir=link_dir)
    assert get_course(settings).title == "Werkbegeleiding in de praktijk"

    (link_dir / "werkbegeleiding").unlink()
    (link_dir / "werkbegeleiding").symlink_to(releases / "b")
    clock[0] += CHECK_INTERVAL / 2
    assert get_course(settings).title == "Werkbegeleiding in de praktijk"
    clock[0] += CHECK_INTERVAL
    assert get_course(settings).title == "Release b"
