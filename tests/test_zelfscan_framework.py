"""The zelfscan frameworks as content: the shipped ones load, broken ones are reported with
file and line by ``check_package`` (and so by ``lti-tool content check``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from zelfscan_support import BROKEN, PACKAGE

from lti_tool.content import check_package, load_package, main_check
from lti_tool.content.zelfscan_loader import frameworks_for, load_frameworks
from lti_tool.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "content_packages" / "werkbegeleiding"


def line_of(path: Path, text: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line]
    assert len(hits) >= nth, f"{text!r} not {nth}x in {path}"
    return hits[nth - 1]


def with_framework(tmp_path: Path, broken: str) -> Path:
    root = tmp_path / "pakket"
    shutil.copytree(PACKAGE, root)
    shutil.copy(BROKEN / broken, root / "zelfscan" / "basis.yaml")
    return root


def messages(root: Path) -> list[str]:
    return [str(p) for p in check_package(root)]


def test_shipped_frameworks_are_valid_and_serve_more_than_one_role():
    course = load_package(SHIPPED)
    frameworks = load_frameworks(course)
    assert set(frameworks) == {"werkbegeleider", "leidinggevende"}
    fw = frameworks["werkbegeleider"]
    assert 7 <= len(fw.areas) <= 9 and [p.value for p in fw.scale] == [1, 2, 3, 4, 5]
    assert all(3 <= len(a.statements) <= 5 and a.modules for a in fw.areas)
    assert all(s.text.startswith("Ik ") or " ik " in s.text for s in fw.statements)
    assert fw.zelfscan_min_days > 0 and fw.unknown_label == "Weet ik niet"
    module_files = {p.stem for p in (SHIPPED / "modules").glob("*.yaml")}
    for framework in frameworks.values():
        assert set(framework.module_ids) <= module_files
    assert frameworks_for(course) is frameworks_for(course)  # cached per loaded course


def test_fixture_package_accepts_a_module_file_the_course_does_not_list_yet():
    assert check_package(PACKAGE) == []


def test_area_without_module(tmp_path):
    root = with_framework(tmp_path, "no-module.yaml")
    path = root / "zelfscan" / "basis.yaml"
    assert messages(root) == [f"{path}:{line_of(path, '- id: luisteren')}: area 'luisteren' points at "
                              "no module: name at least one module that strengthens it"]
    assert main_check(str(root)) == 1


def test_unknown_module_missing_block_double_module_and_bad_weight(tmp_path):
    root = with_framework(tmp_path, "unknown-module.yaml")
    path = root / "zelfscan" / "basis.yaml"
    found = messages(root)
    assert f"{path}:{line_of(path, 'module: bestaat-niet')}: module 'bestaat-niet' does not exist " \
           "(no modules/bestaat-niet.yaml)" in found
    assert f"{path}:{line_of(path, 'blocks: [geen-blok]')}: block 'geen-blok' is not in module 'een'" in found
    assert f"{path}:{line_of(path, 'module: een', 2)}: module 'een' is named twice in this area" in found
    assert any(m.startswith(f"{path}:{line_of(path, 'weight: 4')}:") and "less than or equal to 3" in m
               for m in found)


def test_duplicate_ids(tmp_path):
    root = with_framework(tmp_path, "duplicate-ids.yaml")
    path = root / "zelfscan" / "basis.yaml"
    first = line_of(path, "id: l-een")
    assert messages(root) == [
        f"{path}:{line_of(path, 'id: l-een', 2)}: duplicate id 'l-een' (statement); "
        f"first used at line {first}",
        f"{path}:{line_of(path, '- id: luisteren', 2)}: duplicate id 'luisteren' (area); first used at line "
        f"{line_of(path, '- id: luisteren')}",
    ]


def test_incomplete_scale_and_too_few_statements(tmp_path):
    root = with_framework(tmp_path, "scale.yaml")
    path = root / "zelfscan" / "basis.yaml"
    assert messages(root) == [
        f"{path}:{line_of(path, 'Nog eens soms')}: duplicate scale value 2",
        f"{path}:{line_of(path, 'scale:')}: incomplete scale: every point 1 to 5 needs a label (missing 3)",
        f"{path}:{line_of(path, 'statements:')}: area 'luisteren' needs 3 to 5 statements, it has 2",
    ]


def test_missing_framework_file_is_reported_in_the_manifest(tmp_path):
    root = tmp_path / "pakket"
    shutil.copytree(PACKAGE, root)
    (root / "zelfscan" / "basis.yaml").unlink()
    assert messages(root) == [f"{root / 'course.yaml'}:5: zelfscan file not found: zelfscan/basis.yaml"]


@pytest.mark.parametrize("name", ["werkbegeleider.yaml", "leidinggevende.yaml"])
def test_no_sentence_copied_from_the_sources(name):
    import re

    seeds = Path("/work/shared/seeds")
    if not seeds.is_dir():
        pytest.skip("source documents not available")
    words = re.compile(r"[\w'’-]+", re.UNICODE)

    def runs(text: str) -> set[str]:
        ws = [w.lower() for w in words.findall(text)]
        return {" ".join(ws[i:i + 9]) for i in range(len(ws) - 8)}

    seed = set().union(*(runs(p.read_text(encoding="utf-8", errors="ignore")) for p in seeds.glob("*.txt")))
    assert not runs((SHIPPED / "zelfscan" / name).read_text(encoding="utf-8")) & seed
