"""lti/ owns LTI Advantage: one place builds the AGS calls, one module holds the vocabulary.

The platform here is ``StandInPlatform`` (a fake LMS, named so): a real HTTP server that
pages its line items and ignores the filters, which the development LMS does not do.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lti_tool.http import EgressPolicy, OutboundSession
from lti_tool.lti.ags import WantedLineItem, fetch_results, find_or_create_lineitem, lineitem_service_url
from lti_tool.lti.vocabulary import MediaType
from tests.net_support import StandInPlatform

PRODUCT = Path(__file__).resolve().parent.parent
WANTED = WantedLineItem(resource_link_id=None, resource_id="module-b", label="Module B",
                        tag="werkbegeleiding")


@pytest.fixture
def platform():
    stand_in = StandInPlatform()
    yield stand_in
    stand_in.close()


@pytest.fixture
def http():
    with OutboundSession(EgressPolicy(https_only=False, allow_hosts=frozenset({"127.0.0.1"}))) as session:
        yield session


def serve_pages(platform: StandInPlatform, path: str, pages: list[list[dict]], media_type: str) -> None:
    """``path`` answers the first page; each page links to the next (``<path>/page<n>``)."""
    for number, page in enumerate(pages):
        here = path if number == 0 else f"{path}/page{number}"
        headers = {"Content-Type": media_type}
        if number + 1 < len(pages):
            headers["Link"] = f'<{platform.base}{path}/page{number + 1}>; rel="next"'
        platform.routes[here] = (200, headers, json.dumps(page).encode())


def test_the_column_on_a_later_page_is_found_not_made_again(platform, http):
    """A platform that ignores the filter and pages its columns: the placement's column
    on page 2 is used; no second column with the same resourceId is created."""
    column = platform.base + "/lineitems/2"
    serve_pages(platform, "/lineitems", [
        [{"id": platform.base + "/lineitems/1", "resourceId": "module-a", "label": "Module A"}],
        [{"id": column, "resourceId": "module-b", "label": "Module B"}],
    ], MediaType.LINEITEM_CONTAINER)

    assert find_or_create_lineitem(http, "token", platform.base + "/lineitems", WANTED) == column
    assert platform.hits == ["/lineitems", "/lineitems/page1"]
    assert platform.posts == []


def test_a_missing_column_is_created_after_every_page_was_read(platform, http):
    serve_pages(platform, "/lineitems", [
        [{"id": platform.base + "/lineitems/1", "resourceId": "module-a"}],
        [{"id": platform.base + "/lineitems/3", "resourceId": "module-c"}],
    ], MediaType.LINEITEM_CONTAINER)
    made = platform.base + "/lineitems/9"
    platform.post_routes["/lineitems"] = (201, {"Content-Type": MediaType.LINEITEM},
                                          json.dumps({"id": made}).encode())

    assert find_or_create_lineitem(http, "token", platform.base + "/lineitems", WANTED) == made
    assert platform.hits == ["/lineitems", "/lineitems/page1", "/lineitems"]
    [(path, body)] = platform.posts
    assert json.loads(body) == {"scoreMaximum": 100.0, "label": "Module B", "resourceId": "module-b",
                                "tag": "werkbegeleiding"}


def test_scores_and_results_follow_one_rule_with_the_query_kept():
    """Moodle's line item URLs carry a query (``?type_id=``): the scores and results
    endpoints go under the path, before the query."""
    moodle = "https://moodle.example.nl/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3"
    assert lineitem_service_url(moodle, "scores") == \
        "https://moodle.example.nl/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3"
    assert lineitem_service_url(moodle, "results") == \
        "https://moodle.example.nl/mod/lti/services.php/2/lineitems/7/lineitem/results?type_id=3"
    assert lineitem_service_url("https://canvas.example.nl/api/lti/courses/1/line_items/5/", "scores") == \
        "https://canvas.example.nl/api/lti/courses/1/line_items/5/scores"


def test_results_are_read_from_every_page(platform, http):
    serve_pages(platform, "/lineitems/5/results", [
        [{"userId": "learner-1", "resultScore": 8, "resultMaximum": 10}],
        [{"userId": "learner-2", "resultScore": None, "resultMaximum": 10}],
    ], MediaType.RESULT_CONTAINER)

    results = fetch_results(http, "token", platform.base + "/lineitems/5")
    assert [(r.user_id, r.percent) for r in results] == [("learner-1", 80.0), ("learner-2", None)]


def test_the_vocabulary_loads_nothing_else():
    """The domain and the exporter can name a claim or scope without the LTI edge."""
    code = ("import sys, lti_tool.lti.vocabulary; "
            "print(sorted(m for m in sys.modules if m.startswith('lti_tool.lti')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PRODUCT).stdout
    assert loaded.strip() == "['lti_tool.lti', 'lti_tool.lti.vocabulary']"


def test_lti_uris_and_media_types_are_spelled_out_in_the_vocabulary_only():
    """Claim names, scopes, role URIs and media types: written once, in lti/vocabulary.py
    (the development LMS plays the platform and keeps its own)."""
    spelled = []
    for package in ("lti_tool", "scorm_export"):
        for path in (PRODUCT / package).rglob("*.py"):
            relative = path.relative_to(PRODUCT).as_posix()
            if relative == "lti_tool/lti/vocabulary.py":
                continue
            text = path.read_text()
            # Open Badges' own context (purl.imsglobal.org/spec/ob/...) is not LTI.
            if ("purl.imsglobal.org/spec/lti" in text or "purl.imsglobal.org/vocab" in text
                    or "application/vnd.ims.l" in text):
                spelled.append(relative)
    assert spelled == []
