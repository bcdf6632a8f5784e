"""The interactive blocks (accordion, flip cards, process steps) without a browser: their
content rules, their markup without JavaScript, their place in the player (done on
"Verder", xAPI "experienced") and in a SCORM package."""

from __future__ import annotations

import io
import zipfile

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from test_learning_support import make_launch

from lti_tool.blocks import KINDS
from lti_tool.blocks.render import StaticUrls, render_block, standalone_environment
from lti_tool.blocks.timing import reading_seconds
from lti_tool.content import load_package
from lti_tool.content.model import AccordionBlock, FlipCardsBlock, ProcessStepsBlock
from lti_tool.models import ModuleProgress, Organisation, OutboxMessage
from lti_tool.settings import PROJECT_ROOT
from lti_tool.xapi.lrs_config import save_lrs
from scorm_export import ScormVersion, build_scorm
from scorm_export.page_data import block_data

PACKAGE = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
COURSE = load_package(PACKAGE)
NEW_TYPES = ("accordion", "flip_cards", "process_steps")
# The six modules of issue 15's helper "present": each uses at least one new block.
MODULES = ("basisvaardigheden", "begeleiden-als-mentor", "begeleidingsbehoefte-in-kaart",
           "beperkingen-en-kwetsbaarheden", "collega-in-opleiding", "duidelijke-werkafspraken")


def block_of(block_type: str):
    return next(b for m in COURSE.modules for b in m.blocks if b.type == block_type)


def render(block) -> str:
    state = KINDS.of(block).state(block, [], done=False, pass_mark=70)
    return str(render_block(block, state, StaticUrls(), standalone_environment()))


def test_every_module_of_present_uses_a_new_block_and_the_course_uses_all_three():
    used = {b.type for m in COURSE.modules for b in m.blocks}
    assert set(NEW_TYPES) <= used
    for module_id in MODULES:
        assert {b.type for b in COURSE.module(module_id).blocks} & set(NEW_TYPES), module_id


@pytest.mark.parametrize(("model", "data"), [
    (AccordionBlock, {"sections": [{"id": "a", "title": "A", "body": "x"},
                                   {"id": "a", "title": "B", "body": "y"}]}),
    (AccordionBlock, {"sections": [{"id": "a", "title": "A", "body": "x"}]}),
    (FlipCardsBlock, {"cards": [{"id": "k", "front": "F", "back": "B"},
                                {"id": "k", "front": "G", "back": "C"}]}),
    (FlipCardsBlock, {"cards": []}),
    (ProcessStepsBlock, {"steps": [{"id": "s", "title": "S", "body": "x"},
                                   {"id": "s", "title": "T", "body": "y"}]}),
    (ProcessStepsBlock, {"steps": [{"id": "s", "title": "S", "body": "x"}]}),
])
def test_content_rules_refuse_repeated_ids_and_too_few_parts(model, data):
    block_type = model.model_fields["type"].annotation.__args__[0]
    with pytest.raises(ValidationError):
        model.model_validate({"id": "blok", "type": block_type, **data})


def test_without_javascript_every_part_is_in_the_page_and_the_controls_are_hidden():
    accordion = block_of("accordion")
    html = render(accordion)
    assert html.count("<details class=\"accordion-section\"") == len(accordion.sections)
    assert all(s.title in html for s in accordion.sections)
    assert '<div class="accordion-all" hidden>' in html

    cards = block_of("flip_cards")
    html = render(cards)
    for card in cards.cards:
        assert card.front in html and f'id="{cards.id}-{card.id}-back"' in html
    assert html.count('aria-expanded="false" hidden') == len(cards.cards)
    assert 'aria-live="polite"' in html

    steps = block_of("process_steps")
    html = render(steps)
    assert html.count('class="process-step"') == len(steps.steps)
    assert f"Stap {len(steps.steps)} van {len(steps.steps)}:" in html
    assert '<div class="process-nav button-row" hidden>' in html
    assert "<script" not in html


def test_they_read_like_text_take_their_reading_time_and_score_nothing():
    for block_type in NEW_TYPES:
        block = block_of(block_type)
        kind = KINDS.of(block)
        assert kind.read and kind.max_points(block) == 0 and kind.xapi_activity_type == "LESSON"
        assert kind.seconds(block) >= reading_seconds(block.intro)
        assert block_data(block, True)["read"] is True
    cards = block_of("flip_cards")
    assert KINDS.of(cards).seconds(cards) > reading_seconds(
        cards.intro, *(f"{c.front}\n{c.back}" for c in cards.cards))
    steps = block_of("process_steps")
    assert block_data(steps, True)["steps"] == len(steps.steps)


def test_a_scorm_package_carries_the_shared_widget_script_before_the_block_runtime():
    module = next(m for m in COURSE.modules if any(b.type == "flip_cards" for b in m.blocks))
    with zipfile.ZipFile(io.BytesIO(build_scorm(COURSE, ScormVersion.SCORM_2004, module.id))) as archive:
        names = set(archive.namelist())
        page = archive.read(f"{module.id}.html").decode()
        manifest = archive.read("imsmanifest.xml").decode()
        runtime = archive.read("assets/sco-blocks.js").decode()
    assert "assets/block-widgets.js" in names and 'href="assets/block-widgets.js"' in manifest
    assert page.index("assets/block-widgets.js") < page.index("assets/sco-blocks.js")
    assert all(f"kinds.{t} = " in runtime for t in NEW_TYPES)


# ---- in the player ------------------------------------------------------------------------------

@pytest.fixture
def settings(settings):
    return settings.with_overrides(content_dir=PROJECT_ROOT / "content_packages")


def test_in_the_player_a_view_is_experienced_and_verder_makes_it_done(app, client):
    launch = make_launch(app)
    with app.extensions["db"].session() as session:
        organisation = session.execute(
            select(Organisation).where(Organisation.slug == "test-org")).scalar_one()
        save_lrs(session, organisation, app.extensions["settings"].secret_key,
                 endpoint="http://127.0.0.1:9/xapi", key="k", secret="s", enabled=True,
                 identify_learners=False)
        session.commit()
    module = COURSE.module("begeleiden-als-mentor")
    for block_id in ("mentor-khv", "mentor-bestanddelen"):
        url = f"/learn/m/{module.id}/b/{block_id}"
        page = client.get(url, query_string={"lt": launch.token})
        assert page.status_code == 200
        assert "block-widgets.js" in page.get_data(as_text=True)
        for _ in range(2):  # a second "Verder" (back, then again) changes nothing
            done = client.post(f"{url}/done", data={"lt": launch.token})
            assert done.status_code == 303
    with app.extensions["db"].session() as session:
        row = session.execute(
            select(ModuleProgress).where(ModuleProgress.module_id == module.id)).scalar_one()
        assert row.blocks_done == ["mentor-khv", "mentor-bestanddelen"]
        statements = [m.payload["statement"] for m in session.execute(
            select(OutboxMessage).where(OutboxMessage.kind == "xapi_statement")).scalars()]
    experienced = [s["object"]["id"] for s in statements if s["verb"]["id"].endswith("/experienced")]
    assert any(i.endswith("mentor-khv") for i in experienced)
    assert any(i.endswith("mentor-bestanddelen") for i in experienced)
