"""SCORM packages: manifests valid against the official XSDs, references checked before
zipping, the pages rendered by the player's block templates, and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from xml.etree.ElementTree import fromstring

import pytest
from click.testing import CliRunner
from lxml import etree

from lti_tool.cli import main
from lti_tool.content import load_package
from lti_tool.settings import PROJECT_ROOT
from scorm_export import ExportError, ScormVersion, build_scorm
from scorm_export.integrity import check_references
from scorm_export.manifest import Sco, build_manifest
from tests.scorm_support import scorm_schema, zip_members

PACKAGE = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
NS = {
    ScormVersion.SCORM_12: {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                            "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
    ScormVersion.SCORM_2004: {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
                              "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                              "imsss": "http://www.imsglobal.org/xsd/imsss"},
}


@pytest.fixture(scope="module")
def course():
    return load_package(PACKAGE)


@pytest.fixture(scope="module", params=list(ScormVersion), ids=lambda v: f"scorm{v.value}")
def full_export(request, course) -> tuple[ScormVersion, dict[str, bytes]]:
    return request.param, zip_members(build_scorm(course, request.param))


def test_full_course_manifest_is_valid_against_the_official_xsds(full_export):
    version, files = full_export
    schema = scorm_schema(version)
    document = etree.fromstring(files["imsmanifest.xml"])
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)


@pytest.mark.parametrize("version", list(ScormVersion), ids=lambda v: f"scorm{v.value}")
def test_single_module_manifest_is_valid(course, version):
    module = course.modules[-1]
    files = zip_members(build_scorm(course, version, module.id))
    assert schema_errors(version, files["imsmanifest.xml"]) == []
    assert f"{module.id}.html" in files
    assert [name for name in files if name.endswith(".html")] == [f"{module.id}.html"]


def schema_errors(version: ScormVersion, manifest: bytes) -> list[str]:
    schema = scorm_schema(version)
    schema.validate(etree.fromstring(manifest))
    return [str(e) for e in schema.error_log]


def test_one_sco_per_module_with_metadata_and_pass_mark(full_export, course):
    version, files = full_export
    ns = NS[version]
    root = etree.fromstring(files["imsmanifest.xml"])
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == version.schema_version
    items = root.findall("cp:organizations/cp:organization/cp:item", ns)
    assert [i.findtext("cp:title", namespaces=ns) for i in items] == [m.title for m in course.modules]
    scos = [r for r in root.iter(f"{{{ns['cp']}}}resource")
            if r.get(f"{{{ns['adlcp']}}}{'scormtype' if version is ScormVersion.SCORM_12 else 'scormType'}")
            == "sco"]
    assert len(scos) == len(course.modules)
    for item, module in zip(items, course.modules, strict=True):
        if version is ScormVersion.SCORM_12:
            mastery = item.findtext("adlcp:masteryscore", namespaces=ns)
            assert mastery == (str(module.pass_mark) if module.quizzes else None)
            continue
        controls = item.find("imsss:sequencing/imsss:deliveryControls", ns)
        assert controls.get("completionSetByContent") == "true"
        assert controls.get("objectiveSetByContent") == "true"
        assert item.find("adlcp:completionThreshold", ns) is not None
        primary = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", ns)
        if module.quizzes:
            assert primary.get("satisfiedByMeasure") == "true"
            measure = primary.findtext("imsss:minNormalizedMeasure", namespaces=ns)
            assert float(measure) == pytest.approx(module.pass_mark / 100)
        else:
            assert primary is None


def test_every_file_in_the_manifest_is_in_the_zip_and_media_come_along(full_export):
    _version, files = full_export
    root = fromstring(files["imsmanifest.xml"])  # noqa: S314 - our own export
    hrefs = {node.get("href") for node in root.iter() if node.tag.endswith("}file")}
    assert hrefs and hrefs <= set(files)
    assert any(name.startswith("media/") for name in files)
    assert {"assets/app.css", "assets/scorm-runtime.js", "assets/sco-player.js",
            "assets/state-codec.js"} <= set(files)
    assert files["assets/app.css"] == (PROJECT_ROOT / "lti_tool/static/css/app.css").read_bytes()


def test_pages_come_from_the_block_templates_without_inline_scripts(full_export, course):
    _version, files = full_export
    module = next(m for m in course.modules if m.quizzes)
    page = files[f"{module.id}.html"].decode()
    assert 'class="quiz-form"' in page  # blocks/quiz.html
    assert "<fieldset class=\"question\"" in page and "<legend>" in page
    assert 'aria-live="polite"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not body.strip()
    assert "lms-notice" in page


def _manifest(course, version, files):
    module = course.modules[0]
    return build_manifest("M", "T", [Sco(module, "page.html", files)], ["assets/app.css"], version)


def test_integrity_check_names_a_missing_file(course):
    manifest = _manifest(course, ScormVersion.SCORM_2004, ["media/gone.mp4"])
    with pytest.raises(ExportError, match="media/gone.mp4"):
        check_references(manifest, {"page.html", "assets/app.css"})


def test_integrity_check_names_a_dangling_identifierref(course):
    manifest = _manifest(course, ScormVersion.SCORM_12, [])
    for node in manifest.iter():
        if node.tag == "dependency":
            node.set("identifierref", "RES-nowhere")
    with pytest.raises(ExportError, match="RES-nowhere"):
        check_references(manifest, {"page.html", "assets/app.css"})


def test_unknown_module_is_a_clear_error(course):
    with pytest.raises(ExportError, match="no module 'bestaat-niet'"):
        build_scorm(course, ScormVersion.SCORM_12, "bestaat-niet")


def test_cli_exports_both_versions_and_the_cartridge(tmp_path, course):
    runner = CliRunner()
    for version in ScormVersion:
        target = tmp_path / f"course-{version.value}.zip"
        result = runner.invoke(main, ["export", "scorm", "--version", version.value, str(PACKAGE),
                                      "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "imsmanifest.xml" in zip_members(target.read_bytes())
    module = course.modules[0].id
    result = runner.invoke(main, ["export", "scorm", "--version", "1.2", "--module", module,
                                  str(PACKAGE), "-o", str(tmp_path / "one.zip")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["export", "cartridge", str(PACKAGE), "-o", str(tmp_path / "c.imscc"),
                                  "--tool-url", "https://tool.example.nl"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["export", "scorm", "--version", "1.2", "--module", "nee",
                                  str(PACKAGE), "-o", str(tmp_path / "x.zip")])
    assert result.exit_code == 1 and "no module 'nee'" in result.output


# What the exporter may load: the content model, the block kinds and what they stand on.
# The LTI vocabulary is constants only (the cartridge's links name their content item with it);
# the LTI edge itself (routes, launch, services) is never loaded.
EXPORTER_NEEDS = ("lti_tool.content", "lti_tool.blocks", "lti_tool.marker", "lti_tool.numbers",
                  "lti_tool.settings", "lti_tool.lti.vocabulary")
RUNNING_TOOL = ("flask", "flask_babel", "werkzeug", "sqlalchemy", "requests", "jwt")


def test_the_exporter_stands_on_its_own():
    """Importing the exporter (in a fresh interpreter) loads no routes, models, outbox or LTI
    edge of the tool, and none of the libraries a running tool needs."""
    code = "import json, sys, scorm_export.package; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True,
                                       capture_output=True, text=True).stdout)
    tool = [name for name in loaded if name.startswith("lti_tool.")]
    assert tool and not [name for name in tool
                         if not name.startswith(EXPORTER_NEEDS) and name != "lti_tool.lti"]
    assert not [name for name in loaded if name.split(".")[0] in RUNNING_TOOL]
