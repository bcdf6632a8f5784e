"""Scoring, the learning path, the chart, the group profile and the CSV: pure functions."""

from __future__ import annotations

import csv
import io

import pytest
from zelfscan_support import PACKAGE

from lti_tool.content import load_package
from lti_tool.content.zelfscan_loader import load_frameworks
from lti_tool.zelfscan import path as paths
from lti_tool.zelfscan.chart import bar_chart
from lti_tool.zelfscan.export import group_csv, safe_cell
from lti_tool.zelfscan.group import MIN_GROUP, profile
from lti_tool.zelfscan.scoring import (
    area_scores,
    change,
    growth_areas,
    means,
    overall,
    scaled,
    strengths,
    strengths_first,
)

COURSE = ["een", "twee", "drie"]


@pytest.fixture(scope="module")
def fw():
    return load_frameworks(load_package(PACKAGE))["basis"]


def answers(luisteren, uitleggen):
    ids = (["l-een", "l-twee", "l-drie"], ["u-een", "u-twee", "u-drie"])
    result = {}
    for group, values in zip(ids, (luisteren, uitleggen), strict=True):
        for statement_id, value in zip(group, values, strict=False):
            if value != "skip":
                result[statement_id] = value
    return result


def test_area_means_count_rated_unknown_and_skipped(fw):
    scores = area_scores(fw, answers([2, None, "skip"], [5, 4, 9]))
    luisteren, uitleggen = scores
    assert (luisteren.mean, luisteren.rated, luisteren.unknown, luisteren.skipped) == (2.0, 1, 1, 1)
    assert uitleggen.mean == 4.5 and uitleggen.skipped == 1  # 9 is off the scale: ignored
    assert means(scores) == {"luisteren": 2.0, "uitleggen": 4.5}
    assert overall(scores) == 3.25 and scaled(3.0) == 0.5 and scaled(None) is None


def test_all_weet_ik_niet_gives_no_scores_and_a_neutral_path(fw):
    scores = area_scores(fw, answers([None] * 3, [None] * 3))
    assert [s.mean for s in scores] == [None, None] and overall(scores) is None
    assert strengths(scores) == [] and growth_areas(scores) == []
    items = paths.recommend(fw, means(scores), COURSE)
    # Unknown areas count as a middle need: every linked module, broadest first.
    assert [i.module_id for i in items] == ["twee", "een", "drie"]
    assert [i.priority for i in items] == [2.0, 1.5, 1.0]


def test_all_top_marks_gives_strengths_and_an_empty_path(fw):
    scores = area_scores(fw, answers([5] * 3, [5] * 3))
    assert [s.area_id for s in strengths(scores)] == ["luisteren", "uitleggen"]
    assert paths.recommend(fw, means(scores), COURSE) == []


def test_lowest_area_first_weighted_by_how_strongly_a_module_serves_it(fw):
    items = paths.recommend(fw, {"luisteren": 1.0, "uitleggen": 3.0}, COURSE)
    # een: 3*1 = 3; twee: 1*1 + 3*0.5 = 2.5; drie: 2*0.5 = 1
    assert [(i.module_id, i.priority) for i in items] == [("een", 3.0), ("twee", 2.5), ("drie", 1.0)]
    assert items[1].areas == ("uitleggen", "luisteren")
    items = paths.recommend(fw, {"luisteren": 3.0, "uitleggen": 1.0}, COURSE)
    assert [i.module_id for i in items] == ["twee", "drie", "een"]


def test_strengths_stay_out_of_the_path_and_ties_keep_course_order(fw):
    items = paths.recommend(fw, {"luisteren": 4.0, "uitleggen": 3.0}, COURSE)
    assert "een" not in [i.module_id for i in items]  # serves only a strength
    tie = paths.recommend(fw, {"luisteren": 2.0, "uitleggen": 2.0}, ["drie", "twee", "een"])
    # twee: 1*.75 + 3*.75 = 3; een: 3*.75 = 2.25; drie: 2*.75 = 1.5
    assert [i.module_id for i in tie] == ["twee", "een", "drie"]
    equal = paths.recommend(fw, {"luisteren": 3.0, "uitleggen": 4.5}, ["twee", "een", "drie"])
    assert [i.module_id for i in equal] == ["een", "twee"]


def test_ties_on_priority_follow_the_course_order(fw):
    # een: 3 x .75 = 2.25; twee: 1 x .75 + 3 x .5 = 2.25. The course order decides.
    scores = {"luisteren": 2.0, "uitleggen": 3.0}
    assert [i.module_id for i in paths.recommend(fw, scores, ["twee", "een", "drie"])][:2] == ["twee", "een"]
    assert [i.module_id for i in paths.recommend(fw, scores, ["een", "twee", "drie"])][:2] == ["een", "twee"]


def test_modules_outside_the_course_are_left_out(fw):
    items = paths.recommend(fw, {"luisteren": 1.0, "uitleggen": 1.0}, COURSE)
    assert "vier" not in [i.module_id for i in items]  # vier.yaml exists, the course lacks it
    assert "vier" in [i.module_id for i in paths.recommend(fw, {"uitleggen": 1.0}, [*COURSE, "vier"])]


def test_learner_changes_and_rebase():
    path = ["een", "twee", "drie"]
    assert paths.move(path, "drie", -1) == ["een", "drie", "twee"]
    assert paths.move(path, "een", -1) == path and paths.move(path, "xx", 1) == path
    assert paths.drop(path, [], "twee") == (["een", "drie"], ["twee"])
    assert paths.add(["een"], ["twee"], "twee") == (["een", "twee"], [])
    # After a new scan: new advice minus drops, plus what the learner added.
    assert paths.rebase(["drie", "twee"], ["een", "vier"], ["een", "twee"], ["twee"]) == ["drie", "vier"]
    assert paths.display_order(["drie", "een", "weg"], COURSE, sequential=False) == ["drie", "een"]
    assert paths.display_order(["drie", "een"], COURSE, sequential=True) == ["een", "drie"]


def test_growth_and_order_helpers(fw):
    scores = area_scores(fw, answers([3, 3, 3], [4, 5, 4]))
    assert [s.area_id for s in strengths_first(scores)] == ["uitleggen", "luisteren"]
    assert change({"luisteren": 2.0, "uitleggen": None}, {"luisteren": 3.5, "uitleggen": 4.0}) == {
        "luisteren": 1.5, "uitleggen": None}


def test_chart_geometry_and_missing_scores():
    chart = bar_chart([("A", 2.0, 4.0), ("B", None, None)], str, "geen score", compare=True)
    first, second = chart.rows
    assert [b.kind for b in first.bars] == ["before", "after"]
    assert first.bars[1].width == pytest.approx(2 * first.bars[0].width)
    assert second.bars == [] and second.empty_label == "geen score"
    assert [t.label for t in chart.ticks] == ["0", "1", "2", "3", "4", "5"]
    single = bar_chart([("A", 1.0, 5.0)], str, "-", compare=False)
    assert [b.kind for b in single.rows[0].bars] == ["single"]
    assert single.rows[0].bars[0].width == single.right - single.left


def test_group_profile_needs_five(fw):
    four = [{"luisteren": 2.0, "uitleggen": 4.0}] * (MIN_GROUP - 1)
    hidden = profile(fw, four, rescanned=1)
    assert not hidden.visible and all(a.mean is None for a in hidden.areas)
    five = [*four, {"luisteren": 4.0, "uitleggen": None}]
    shown = profile(fw, five, rescanned=1)
    luisteren, uitleggen = shown.areas
    assert shown.visible and luisteren.mean == 2.4 and (luisteren.low, luisteren.high) == (2.0, 4.0)
    assert luisteren.spread == 0.8
    assert uitleggen.mean is None and uitleggen.count == 4  # only four scored it


def test_csv_is_escaped_and_guards_formulas(fw):
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-2") == "'-2"
    assert safe_cell("@a") == "'@a" and safe_cell("\tx") == "'\tx" and safe_cell(2.5) == "2.50"
    group = profile(fw, [{"luisteren": 2.0, "uitleggen": 3.0}] * MIN_GROUP, rescanned=0)
    text = group_csv(group, '=Scan, "met" komma')
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["zelfscan", '\'=Scan, "met" komma']
    assert rows[5] == ["luisteren", "Luisteren", "5", "2.00", "0.00", "2.00", "2.00"]
    small = group_csv(profile(fw, [{"luisteren": 1.0}] * 2, rescanned=0), "Scan")
    assert list(csv.reader(io.StringIO(small)))[5] == ["luisteren", "Luisteren", "", "", "", "", ""]
