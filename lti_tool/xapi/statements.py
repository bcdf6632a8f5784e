"""Statement builders: an :class:`Origin` (who, where) plus content ids in, a statement dict out.

Each statement gets its UUID here, once; the outbox keeps it, so every redelivery
carries the same id and the LRS stores the statement once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from ..blocks import KINDS
from ..content.model import AnyBlock, Module
from ..models import utcnow
from . import vocabulary as v
from .origin import Origin


def _name(title: str | None) -> dict:
    return {"name": {v.LANGUAGE: title}} if title else {}


def activity(iri: str, activity_type: str, title: str | None = None, **definition: object) -> dict:
    """An Activity object; ``definition`` adds e.g. ``interactionType`` or ``scale``."""
    return {"objectType": "Activity", "id": iri,
            "definition": {"type": activity_type, **_name(title), **definition}}


def course_activity(origin: Origin) -> dict:
    course = origin.course
    return activity(v.activity_iri(origin.base_url, course.id), v.ActivityType.COURSE, course.title)


def _module(origin: Origin, module_id: str) -> Module | None:
    return origin.course.module(module_id)


def _block(origin: Origin, module_id: str, block_id: str) -> AnyBlock | None:
    module = _module(origin, module_id)
    return module.block(block_id) if module else None


def module_activity(origin: Origin, module_id: str) -> dict:
    module = _module(origin, module_id)
    return activity(v.activity_iri(origin.base_url, origin.course.id, module_id), v.ActivityType.MODULE,
                     module.title if module else None)


def block_activity(origin: Origin, module_id: str, block_id: str) -> dict:
    block = _block(origin, module_id, block_id)
    if block is None:
        return activity(v.activity_iri(origin.base_url, origin.course.id, module_id, block_id),
                        v.ActivityType.LESSON)
    kind = KINDS.of(block)
    return activity(v.activity_iri(origin.base_url, origin.course.id, module_id, block_id),
                     getattr(v.ActivityType, kind.xapi_activity_type), block.heading,
                     **kind.xapi_definition(block, None))


def interaction_activity(origin: Origin, module_id: str, block_id: str, item_id: str) -> dict:
    """A question, puzzle or case step inside a block (a cmi.interaction)."""
    block = _block(origin, module_id, block_id)
    definition = (KINDS.of(block).xapi_definition(block, item_id) if block
                  else {"interactionType": "choice"})
    return activity(v.activity_iri(origin.base_url, origin.course.id, module_id, block_id, item_id),
                     v.ActivityType.QUESTION, **definition)


def statement(origin: Origin, verb: v.Verb, target: dict, *, result: dict | None = None,
              parents: Sequence[dict] = (), category: Sequence[dict] = (),
              extensions: dict | None = None) -> dict:
    """A statement about ``target`` with a fresh id; the course is always its grouping.

    ``extensions`` join the origin's context extensions (where the launch came from).
    """
    context_activities: dict = {"grouping": [course_activity(origin)]}
    if parents:
        context_activities["parent"] = list(parents)
    if category:
        context_activities["category"] = list(category)
    built = {
        "id": str(uuid.uuid4()),
        "actor": origin.actor,
        "verb": verb.as_dict(),
        "object": target,
        "context": {"registration": origin.registration, "platform": v.PLATFORM,
                    "language": v.LANGUAGE, "contextActivities": context_activities,
                    "extensions": {**origin.extensions, **(extensions or {})}},
        "timestamp": utcnow().isoformat(timespec="milliseconds"),
    }
    if result:
        built["result"] = result
    return built


MOVEON = activity(v.CMI5_MOVEON, v.ActivityType.PROFILE)
VIDEO_PROFILE = activity(v.VIDEO_PROFILE, v.ActivityType.PROFILE)


def launched(origin: Origin, module_id: str | None) -> dict:
    """The learner came in through the LMS: to a module, or to the course."""
    if module_id and _module(origin, module_id):
        return statement(origin, v.LAUNCHED, module_activity(origin, module_id))
    return statement(origin, v.LAUNCHED, course_activity(origin))


def experienced(origin: Origin, module_id: str, block_id: str) -> dict:
    return statement(origin, v.EXPERIENCED, block_activity(origin, module_id, block_id),
                     parents=[module_activity(origin, module_id)])


def answered(origin: Origin, module_id: str, block_id: str, *, success: bool | None,
             score: float | None, response: str | Sequence[str],
             question_id: str | None = None) -> dict:
    """A quiz (or one question or puzzle of it) answered; ``score`` is scaled, 0..1.

    A list ``response`` (several options chosen) is joined with ``[,]`` as xAPI's
    choice interactions expect.
    """
    result: dict = {"response": response if isinstance(response, str) else "[,]".join(response)}
    if success is not None:
        result["success"] = success
    if score is not None:
        result["score"] = {"scaled": score}
    block = block_activity(origin, module_id, block_id)
    if question_id:
        return statement(origin, v.ANSWERED, interaction_activity(origin, module_id, block_id, question_id),
                         result=result, parents=[block, module_activity(origin, module_id)])
    return statement(origin, v.ANSWERED, block, result=result,
                     parents=[module_activity(origin, module_id)])


def case_choice(origin: Origin, module_id: str, block_id: str, step_id: str, choice_id: str) -> dict:
    """A choice in a branching case: the step is the interaction, the choice its response."""
    return statement(origin, v.RESPONDED, interaction_activity(origin, module_id, block_id, step_id),
                     result={"response": choice_id},
                     parents=[block_activity(origin, module_id, block_id),
                              module_activity(origin, module_id)])


def media_played(origin: Origin, module_id: str, block_id: str, time_seconds: float) -> dict:
    """Play pressed at ``time_seconds``; a video follows the xAPI video profile."""
    media = block_activity(origin, module_id, block_id)
    is_video = media["definition"]["type"] == v.ActivityType.VIDEO
    return statement(origin, v.PLAYED, media,
                     result={"extensions": {v.VIDEO_TIME: round(max(time_seconds, 0.0), 3)}},
                     parents=[module_activity(origin, module_id)],
                     category=[VIDEO_PROFILE] if is_video else (),
                     extensions={v.VIDEO_SESSION: origin.session} if is_video else None)


def module_results(origin: Origin, module_id: str, *, completed: bool, passed: bool | None,
                   score_scaled: float | None) -> list[dict]:
    """``completed`` and ``passed``/``failed``, as cmi5 sends them: both count for moveOn."""
    module = module_activity(origin, module_id)
    built = []
    if completed:
        built.append(statement(origin, v.COMPLETED, module, result={"completion": True},
                               category=[MOVEON]))
    if passed is not None:
        result: dict = {"success": passed}
        if score_scaled is not None:
            result["score"] = {"scaled": score_scaled}
        built.append(statement(origin, v.PASSED if passed else v.FAILED, module, result=result,
                               category=[MOVEON]))
    return built


def terminated(origin: Origin, module_id: str | None, duration_seconds: float | None) -> dict:
    left = (module_activity(origin, module_id) if module_id and _module(origin, module_id)
            else course_activity(origin))
    result = {"duration": f"PT{duration_seconds:.2f}S"} if duration_seconds is not None else None
    return statement(origin, v.TERMINATED, left, result=result)


def samenleer_shared(origin: Origin, theme_id: str, conversation_id: str) -> dict:
    """A Samenleer feedback form on a theme, shared with the partner in the conversation."""
    form = activity(v.activity_iri(origin.base_url, origin.course.id, "_samenleer", theme_id),
                    v.ActivityType.ASSESSMENT, "Samenleer-gesprek")
    return statement(origin, v.SHARED, form, extensions={
        v.extension_iri(origin.base_url, v.EXT_CONVERSATION): conversation_id})
