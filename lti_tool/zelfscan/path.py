"""The learning path: which modules, in which order. Pure functions, no Flask, no database.

A module's priority is the sum, over the areas it serves, of its weight (1-3) times the
area's need: ``(5 - mean) / 4``, so 1 for "nog niet" and 0 for "gaat vanzelf". An area
without a score ("weet ik niet" or skipped) counts as a middle need (0.5): not knowing is
a reason to look, not a reason to skip. A module enters the path when at least one area it
serves is not yet a strength; ties keep the course order. The learner may then add, drop
and reorder; a course with strict order (``navigation: sequential``) keeps its order and
the path only highlights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..content.zelfscan_model import Framework
from .scoring import SCALE_MAX, SCALE_MIN, STRENGTH_FROM

UNKNOWN_NEED = 0.5
STRENGTH_NEED = (SCALE_MAX - STRENGTH_FROM) / (SCALE_MAX - SCALE_MIN)
# How many of the lowest-scored areas the path puts first ("omdat je bij X lager scoorde").
FOCUS_AREAS = 3


def need(mean: float | None) -> float:
    if mean is None:
        return UNKNOWN_NEED
    clipped = min(max(mean, SCALE_MIN), SCALE_MAX)
    return round((SCALE_MAX - clipped) / (SCALE_MAX - SCALE_MIN), 4)


@dataclass(frozen=True)
class PathItem:
    module_id: str
    priority: float
    areas: tuple[str, ...]  # the areas it serves that are not strengths, most needed first


def recommend(framework: Framework, means: Mapping[str, float | None],
              course_module_ids: Sequence[str]) -> list[PathItem]:
    """The modules the scan points at, most needed first; only modules the course has."""
    position = {module_id: i for i, module_id in enumerate(course_module_ids)}
    priority: dict[str, float] = {}
    reasons: dict[str, list[tuple[float, int, str]]] = {}
    for area_index, area in enumerate(framework.areas):
        area_need = need(means.get(area.id))
        for link in area.modules:
            if link.module not in position:
                continue
            contribution = link.weight * area_need
            priority[link.module] = priority.get(link.module, 0.0) + contribution
            if area_need > STRENGTH_NEED:
                reasons.setdefault(link.module, []).append((-contribution, area_index, area.id))
    items = [PathItem(module_id, round(priority[module_id], 4),
                      tuple(area_id for _c, _i, area_id in sorted(reasons[module_id])))
             for module_id in reasons]
    return sorted(items, key=lambda item: (-item.priority, position[item.module_id]))


def weakest_areas(framework: Framework, means: Mapping[str, float | None],
                  count: int = FOCUS_AREAS) -> list[str]:
    """The ``count`` areas the learner scored lowest, lowest first; only scored areas that
    are not strengths ("weet ik niet" is no low score). Equal scores keep the framework's
    order (keeping every tie would put the whole path first for a learner who scored
    everything alike)."""
    scored = sorted((mean, index, area.id) for index, area in enumerate(framework.areas)
                    if (mean := means.get(area.id)) is not None and need(mean) > STRENGTH_NEED)
    return [area_id for _m, _i, area_id in scored[:count]]


def rebase(recommended: Sequence[str], previous_path: Sequence[str],
           previous_recommended: Sequence[str], dropped: Sequence[str]) -> list[str]:
    """The path after a new scan: the new advice without what the learner dropped,
    followed by the modules the learner had added themselves."""
    path = [m for m in recommended if m not in dropped]
    added = [m for m in previous_path if m not in previous_recommended and m not in path]
    return path + added


def move(path: Sequence[str], module_id: str, delta: int) -> list[str]:
    """Move one module ``delta`` places (negative: earlier); unknown ids change nothing."""
    result = list(path)
    if module_id not in result:
        return result
    index = result.index(module_id)
    target = min(max(index + delta, 0), len(result) - 1)
    result.insert(target, result.pop(index))
    return result


def drop(path: Sequence[str], dropped: Sequence[str], module_id: str) -> tuple[list[str], list[str]]:
    if module_id not in path:
        return list(path), list(dropped)
    return [m for m in path if m != module_id], [*dict.fromkeys([*dropped, module_id])]


def add(path: Sequence[str], dropped: Sequence[str], module_id: str) -> tuple[list[str], list[str]]:
    if module_id in path:
        return list(path), list(dropped)
    return [*path, module_id], [m for m in dropped if m != module_id]


def display_order(path: Sequence[str], course_module_ids: Sequence[str], sequential: bool) -> list[str]:
    """What to show: the learner's order, or the course order when the course is sequential.
    Modules the course no longer has are left out."""
    present = [m for m in path if m in course_module_ids]
    if not sequential:
        return present
    return [m for m in course_module_ids if m in present]
