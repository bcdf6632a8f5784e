"""The figure block: its model (alt text in Dutch and English, a diagram's long description),
the SVG safety check, the rule that every module shows a picture or plays a sound, the
shipped figures, the SCORM export that packs and shows the image, and the media route."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from lti_tool.blocks import KINDS
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.content import check_package, load_package, main_check
from lti_tool.content.figure_file import image_size, svg_problems
from lti_tool.content.model import FigureBlock
from lti_tool.settings import PROJECT_ROOT
from scorm_export import ScormVersion, build_scorm
from tests.scorm_support import zip_members

SHIPPED = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
COURSE = load_package(SHIPPED)
ALT = {"nl": "Een wiel met zes vaardigheden", "en": "A wheel with six skills"}
CLEAN = (b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">'
         b'<defs><marker id="a"><path d="M0 0L10 5z"/></marker></defs>'
         b'<line x1="0" y1="0" x2="9" y2="9" marker-end="url(#a)"/><use href="#a"/></svg>')


def figure(**fields) -> FigureBlock:
    return FigureBlock.model_validate({"id": "f", "type": "figure", "src": "media/f.svg",
                                       "alt": ALT, **fields})


# ---- the model ---------------------------------------------------------------------------------

def test_alt_text_is_required_in_dutch_and_english():
    assert figure().alt.text("en") == ALT["en"] and figure().alt.text("nl") == ALT["nl"]
    for alt in ({"nl": "Alleen Nederlands"}, {"en": "Only English"}, {"nl": "", "en": "x"}, None):
        with pytest.raises(ValidationError):
            figure(alt=alt)
    with pytest.raises(ValidationError, match="longer than 250"):
        figure(alt={"nl": "x" * 251, "en": "y"})


def test_a_diagram_needs_a_long_description():
    with pytest.raises(ValidationError, match="a diagram needs a long_description"):
        figure(diagram=True)
    described = figure(diagram=True, long_description={"nl": "Een wiel.", "en": "A wheel."})
    assert described.long_description.text("en") == "A wheel."


def test_only_svg_or_png_files():
    with pytest.raises(ValidationError, match="figure src must be an .svg or .png file"):
        figure(src="media/f.gif")


# ---- the SVG check ------------------------------------------------------------------------------

def test_a_clean_svg_passes_and_has_a_size(tmp_path):
    assert svg_problems(CLEAN) == []
    (tmp_path / "f.svg").write_bytes(CLEAN)
    assert image_size(tmp_path / "f.svg") == (480, 360)
    (tmp_path / "g.svg").write_bytes(CLEAN.replace(b' width="480" height="360"', b""))
    assert image_size(tmp_path / "g.svg") == (480, 360)  # from the viewBox


@pytest.mark.parametrize(("inside", "problem"), [
    ('<script>alert(1)</script>', "must not contain <script>"),
    ('<foreignObject><p>hi</p></foreignObject>', "must not contain <foreignobject>"),
    ('<circle r="4" onload="alert(1)"/>', "event handlers (onload on <circle>)"),
    ('<a href="https://example.org"><circle r="4"/></a>', "refer to anything outside the file"),
    ('<image xmlns:x="http://www.w3.org/1999/xlink" x:href="data:image/png;base64,AA"/>',
     "refer to anything outside the file"),
    ('<rect fill="url(https://example.org/x.svg#p)"/>', "url(https://example.org/x.svg#p)"),
    ('<style>rect{fill:red}</style>', "must not contain <style>"),
    ('<rect style="fill:url(//example.org/p)"/>', "must not use style attributes"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "must not contain <set>"),
])
def test_an_unsafe_svg_is_refused(inside, problem):
    data = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">{inside}</svg>'.encode()
    assert any(problem in found for found in svg_problems(data)), svg_problems(data)


def test_doctype_entities_and_non_svg_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')
    assert svg_problems(bomb) == ["SVG must not contain a DOCTYPE or entities"]
    sheet = b'<?xml-stylesheet href="https://example.org/x.css"?>' + CLEAN
    assert svg_problems(sheet) == ["SVG must not refer to a stylesheet (<?xml-stylesheet?>)"]
    assert "root must be <svg>" in svg_problems(b"<html><body/></html>")[0]
    assert "not well-formed" in svg_problems(b"<svg")[0]


# ---- the content check ----------------------------------------------------------------------------

@pytest.fixture
def package(tmp_path) -> Path:
    root = tmp_path / "pakket"
    shutil.copytree(SHIPPED, root)
    return root


def test_content_check_refuses_a_module_without_picture_or_sound(package, capsys):
    path = package / "modules" / "basisvaardigheden.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: basisv-figuur")
    end = text.index("  - id:", start + 10)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    blocks_line = text.splitlines().index("blocks:") + 1
    problems = [str(p) for p in check_package(package)]
    assert problems == [
        f"{path}:{blocks_line}: module 'basisvaardigheden' has no picture or sound: add at least "
        f"one block that shows or plays one (figure, video, audio, escape_room), with its text "
        f"alternative"]
    assert main_check(str(package)) == 1
    assert "has no picture or sound" in capsys.readouterr().out


def test_content_check_refuses_an_unsafe_svg_at_its_line(package):
    (package / "media" / "basisvaardigheden-figuur.svg").write_bytes(
        CLEAN.replace(b"<defs>", b'<script href="https://evil.example/x.js"/><defs>'))
    path = package / "modules" / "basisvaardigheden.yaml"
    line = path.read_text(encoding="utf-8").splitlines().index(
        "    src: media/basisvaardigheden-figuur.svg") + 1
    problems = [str(p) for p in check_package(package)]
    assert f"{path}:{line}: media/basisvaardigheden-figuur.svg: SVG must not contain <script>" \
        in problems
    assert any("refer to anything outside the file" in p for p in problems)


def test_content_check_refuses_a_figure_outside_the_package(package):
    path = package / "modules" / "basisvaardigheden.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("src: media/basisvaardigheden-figuur.svg",
                                 "src: ../../etc/passwd.svg"), encoding="utf-8")
    assert any("media path must start with 'media/'" in str(p) for p in check_package(package))


def test_an_image_in_a_long_description_is_checked_like_any_markdown(package):
    path = package / "modules" / "basisvaardigheden.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "      en: |\n        A wheel."
    assert marker in text
    path.write_text(text.replace(marker, marker.replace("A wheel.", "![](media/weg.png) A wheel.")),
                    encoding="utf-8")
    line = next(number for number, content in
                enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if content.startswith("        ![](media/weg.png) A wheel."))
    problems = [str(p) for p in check_package(package)]
    assert f"{path}:{line}: image without alt text: media/weg.png" in problems
    assert f"{path}:{line}: broken media path: media/weg.png (no such file)" in problems


def test_the_rule_counts_the_kinds_that_show_or_play():
    assert {k.type for k in KINDS if k.carries_picture_or_sound} == {
        "figure", "video", "audio", "escape_room"}


# ---- the shipped figures ------------------------------------------------------------------------

def test_every_module_has_a_figure_as_its_second_block():
    for module in COURSE.modules:
        if module.id == "escape-room":
            continue
        second = module.blocks[1]
        assert isinstance(second, FigureBlock), module.id
        assert second.src == f"media/{module.id}-figuur.svg"
        assert second.width == 480 and second.height == 360
        if second.diagram:
            assert second.long_description is not None


def test_the_shipped_svgs_are_small_and_safe():
    figures = sorted((SHIPPED / "media").glob("*-figuur.svg"))
    assert len(figures) == 12
    for path in figures:
        data = path.read_bytes()
        assert len(data) <= 8 * 1024, path.name
        assert svg_problems(data) == [], path.name


def test_the_script_draws_the_same_bytes_again(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_illustrations", PROJECT_ROOT / "scripts" / "make_illustrations.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(script, "MEDIA", tmp_path)
    assert script.main() == 0
    for drawn in tmp_path.glob("*.svg"):
        assert drawn.read_bytes() == (SHIPPED / "media" / drawn.name).read_bytes(), drawn.name


# ---- rendering and the SCORM export ---------------------------------------------------------------

def _second(module_id: str) -> FigureBlock:
    block = COURSE.module(module_id).blocks[1]
    assert isinstance(block, FigureBlock)
    return block


def test_the_template_shows_image_size_caption_and_description():
    block = _second("basisvaardigheden")
    state = KINDS.of(block).state(block, [], done=False, pass_mark=70)
    html = str(render_block(block, state, StaticUrls(media_base="media/"), standalone_environment()))
    assert (f'<img class="figure-image" src="media/basisvaardigheden-figuur.svg" '
            f'alt="{block.alt.nl}" width="480" height="360" loading="lazy"') in html
    assert f"<figcaption>{block.caption.nl}</figcaption>" in html
    assert "<summary>Beschrijving van de afbeelding in woorden</summary>" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_player_shows_the_texts_of_the_ui_language(app, language):
    block = _second("signalen-en-triggers")
    state = KINDS.of(block).state(block, [], done=False, pass_mark=70)
    with app.test_request_context(headers={"Accept-Language": language}):
        html = str(render_block(block, state, StaticUrls()))
    assert f'alt="{block.alt.text(language)}"' in html
    assert f"<figcaption>{block.caption.text(language)}</figcaption>" in html
    other = "en" if language == "nl" else "nl"
    assert block.alt.text(other) not in html


def test_the_scorm_package_packs_and_shows_the_figure():
    module = COURSE.module("signalen-en-triggers")
    files = zip_members(build_scorm(COURSE, ScormVersion.SCORM_2004, module.id))
    svg = "media/signalen-en-triggers-figuur.svg"
    assert files[svg] == (SHIPPED / svg).read_bytes()
    page = files[f"{module.id}.html"].decode()
    assert f'src="{svg}" alt="{_second(module.id).alt.nl}" width="480" height="360"' in page
    assert b"kinds.figure" in files["assets/sco-blocks.js"]
    manifest = files["imsmanifest.xml"].decode()
    assert f'href="{svg}"' in manifest


# ---- the media route --------------------------------------------------------------------------------

def test_the_media_route_serves_an_svg_that_can_run_nothing(client):
    response = client.get("/learn/media/basisvaardigheden-figuur.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
