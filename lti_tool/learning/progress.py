"""Progress and grades for the module player (points: ``lti_tool.blocks``). No Flask here.

Every change a learner makes is added to the caller's database session together
with the AGS score for the gradebook (through the outbox), so the caller commits
the answer, the progress and the score in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from .. import xapi
from ..blocks.scoring import SCORE_MAXIMUM, module_score, scored_blocks
from ..content.model import AnyBlock, Module
from ..db import upsert_insert
from ..grading import rules as grading_rules
from ..launch_context import Launch
from ..models import Answer, BlockDone, ModuleProgress, utcnow
from ..outbox.messages import enqueue_ags_score

STARTED = "started"
COMPLETED = "completed"


# ---- reading progress ------------------------------------------------------------------------

def _context_filter(column, context_id: int | None):
    return column.is_(None) if context_id is None else column == context_id


# The blocks done come with their progress row in the same query (a join, not a second select).
_WITH_DONE = joinedload(ModuleProgress.done_blocks)


def _own(launch: Launch, module_id: str) -> tuple:
    return (ModuleProgress.learner_id == launch.learner_id,
            _context_filter(ModuleProgress.context_id, launch.context_id),
            ModuleProgress.module_id == module_id)


def get_progress(session: Session, launch: Launch, module_id: str, *,
                 fresh: bool = False) -> ModuleProgress | None:
    """The row with its blocks done; ``fresh`` overwrites what the session already holds."""
    # One learner has one row per module and context (a unique index): no LIMIT needed,
    # which a joined eager load would have to wrap in a subquery.
    query = (select(ModuleProgress).options(_WITH_DONE).where(*_own(launch, module_id))
             .order_by(ModuleProgress.id))
    if fresh:
        query = query.execution_options(populate_existing=True)
    return session.scalars(query).unique().first()


def progress_by_module(session: Session, launch: Launch) -> dict[str, ModuleProgress]:
    rows = session.scalars(select(ModuleProgress).options(_WITH_DONE).where(
        ModuleProgress.learner_id == launch.learner_id,
        _context_filter(ModuleProgress.context_id, launch.context_id))).unique()
    return {row.module_id: row for row in rows}


def block_answers(session: Session, launch: Launch, module_id: str, block_id: str) -> list[Answer]:
    """The learner's answers to one block, oldest first. Only ever their own."""
    return list(session.scalars(select(Answer).where(
        Answer.learner_id == launch.learner_id,
        _context_filter(Answer.context_id, launch.context_id),
        Answer.module_id == module_id, Answer.block_id == block_id,
    ).order_by(Answer.id)))


def module_answers(session: Session, launch: Launch, module: Module, block_id: str) -> list[Answer]:
    """In one query, the learner's answers to ``block_id`` and to every scored block of
    ``module``, oldest first: what an answer POST needs to judge the answer and then to
    grade the module (read after :func:`locked_progress`, so no answer can come between)."""
    block_ids = {block.id for block in scored_blocks(module)} | {block_id}
    return list(session.scalars(select(Answer).where(
        Answer.learner_id == launch.learner_id,
        _context_filter(Answer.context_id, launch.context_id),
        Answer.module_id == module.id, Answer.block_id.in_(sorted(block_ids)),
    ).order_by(Answer.id)))


def counted_answers(session: Session, launch: Launch, module: Module,
                    known: Iterable[Answer] | None = None) -> dict[str, Answer]:
    """Per scored block, the attempt that counts under the placement's grading rule
    (best or latest); from ``known`` (every answer of the scored blocks, oldest first)
    when the caller has them already."""
    scored_ids = [block.id for block in scored_blocks(module)]
    if not scored_ids:
        return {}
    rows: Iterable[Answer]
    if known is None:
        rows = session.scalars(select(Answer).where(
            Answer.learner_id == launch.learner_id,
            _context_filter(Answer.context_id, launch.context_id),
            Answer.module_id == module.id, Answer.block_id.in_(scored_ids),
            Answer.score.is_not(None),  # a step on the way (in a scenario) is no attempt
        ).order_by(Answer.id))
    else:
        rows = [answer for answer in known
                if answer.block_id in scored_ids and answer.score is not None]
    return grading_rules.counted_attempts(rows, grading_rules.policy_for(session, launch, module.id))


def is_complete(module: Module, blocks_done: Iterable[str]) -> bool:
    done = set(blocks_done)
    return all(block_id in done for block_id in module.required_block_ids)


def passed(module: Module, progress: ModuleProgress | None) -> bool | None:
    if progress is None or progress.status != COMPLETED or progress.score_given is None:
        return None
    return progress.score_given >= module.pass_mark


# ---- writing progress ------------------------------------------------------------------------

def _insert_progress(session: Session, launch: Launch, module: Module,
                     at_block: str | None) -> ModuleProgress | None:
    """A new row, starting at ``at_block`` (default: the module's first block); ``None``
    when a parallel request inserted it first."""
    inserted = upsert_insert(session, ModuleProgress).values(
        learner_id=launch.learner_id, context_id=launch.context_id, module_id=module.id,
        status=STARTED, last_block_id=at_block or module.blocks[0].id,
    ).on_conflict_do_nothing().returning(ModuleProgress)
    progress = session.scalars(select(ModuleProgress).from_statement(inserted)
                               .options(lazyload(ModuleProgress.done_blocks))).first()
    if progress is not None:  # ours, not yet visible to anyone else: no block done yet
        set_committed_value(progress, "done_blocks", [])
    return progress


def get_or_create_progress(session: Session, launch: Launch, module: Module,
                           at_block: str | None = None) -> ModuleProgress:
    """The learner's progress row for ``module``; a parallel request may create it too."""
    progress = get_progress(session, launch, module.id) or _insert_progress(session, launch, module, at_block)
    progress = progress or get_progress(session, launch, module.id)
    assert progress is not None
    return progress


def locked_progress(session: Session, launch: Launch, module: Module) -> ModuleProgress:
    """The progress row, held until the transaction ends and read after taking it.

    The UPDATE locks the row on PostgreSQL and takes the write lock on SQLite, so
    requests about the same module take turns; whatever the one before committed
    (a block done, a completion) is seen by the next. A row this request inserts is
    its own until it commits; when a parallel request inserted it first, the second
    UPDATE finds it (that INSERT waited for the other's commit).
    """
    for _ in range(2):
        locked = session.execute(update(ModuleProgress).where(*_own(launch, module.id))
                                 .values(updated_at=utcnow()).execution_options(synchronize_session=False))
        if locked.rowcount:  # type: ignore[attr-defined]
            progress = get_progress(session, launch, module.id, fresh=True)
            assert progress is not None
            return progress
        progress = _insert_progress(session, launch, module, None)
        if progress is not None:
            return progress
    raise RuntimeError("progress row neither found nor created")  # pragma: no cover


def mark_done(session: Session, progress: ModuleProgress, block_id: str) -> set[str]:
    """Record ``block_id`` as done (once, however often it is sent); all blocks done.

    ``progress`` is locked and was read after the lock (:func:`locked_progress`), so its
    blocks done are all there are: only a request holding that lock adds one.
    """
    done = set(progress.blocks_done)
    if block_id not in done:
        session.execute(upsert_insert(session, BlockDone).values(
            progress_id=progress.id, block_id=block_id, created_at=utcnow()).on_conflict_do_nothing())
        session.expire(progress, ["done_blocks"])
    return done | {block_id}


def visit(session: Session, launch: Launch, module: Module, block: AnyBlock) -> ModuleProgress:
    """Remember where the learner is, so the module resumes here."""
    progress = get_or_create_progress(session, launch, module, at_block=block.id)
    if progress.last_block_id != block.id:
        progress.last_block_id = block.id
    return progress


@dataclass
class Recorded:
    progress: ModuleProgress
    answer: Answer | None = None
    completed_now: bool = False
    messages: list = field(default_factory=list)


def record(session: Session, launch: Launch, module: Module, block: AnyBlock, *,
           response: dict | None = None, score: float | None = None,
           max_score: float | None = None, done: bool | None = True,
           held: tuple[ModuleProgress, list[Answer]] | None = None) -> Recorded:
    """Store what the learner did in ``block`` and bring progress and grade up to date.

    An answer is always a new row (retries stay visible). With every answer, and
    whenever the module's completion changes, an AGS score goes to the outbox in
    the same session: InProgress/Pending while the module is open, Completed/
    FullyGraded with the percentage once every required block is done. Each quiz
    counts with the attempt the placement's rule picks (best by default).
    ``done=None`` leaves the block as it was: done when it was done before.
    ``held``: the progress row the caller locked (:func:`locked_progress`) and the
    :func:`module_answers` it read after that, so they are not read again.
    """
    progress, known = held if held is not None else (locked_progress(session, launch, module), None)
    answer = None
    if response is not None:
        answer = Answer(learner_id=launch.learner_id, context_id=launch.context_id,
                        module_id=module.id, block_id=block.id, response=response,
                        score=score, max_score=max_score)
        session.add(answer)
        session.flush()
        if known is not None:
            known = [*known, answer]
    done_ids = mark_done(session, progress, block.id) if done else set(progress.blocks_done)
    progress.last_block_id = block.id

    was_complete = progress.status == COMPLETED
    previous_score = progress.score_given
    complete = is_complete(module, done_ids)
    new_score = module_score(module, counted_answers(session, launch, module, known))
    if complete:
        progress.status = COMPLETED
        progress.score_given = new_score
        progress.score_maximum = SCORE_MAXIMUM
        if not was_complete:
            progress.completed_at = utcnow()
    else:
        progress.status = STARTED
        progress.score_given = None
        progress.score_maximum = None
    result = Recorded(progress=progress, answer=answer, completed_now=complete and not was_complete)
    changed = (complete != was_complete) or (complete and previous_score != new_score)
    if answer is not None or changed:
        message = send_grade(session, launch, module, progress)
        if message is not None:
            result.messages.append(message)
    if changed and complete:
        result.messages += xapi.module_result(
            session, launch, module.id, completed=not was_complete,
            passed=passed(module, progress), score_scaled=new_score / SCORE_MAXIMUM)
    return result


def send_grade(session: Session, launch: Launch, module: Module, progress: ModuleProgress):
    """Queue the module's current state for its own gradebook column (``None`` when
    nothing may be sent: no AGS, a staff launch, or no column for the module)."""
    if progress.status == COMPLETED:
        return enqueue_ags_score(session, launch, score_given=progress.score_given,
                                 score_maximum=SCORE_MAXIMUM, activity_progress="Completed",
                                 grading_progress="FullyGraded", item_id=module.id,
                                 label=module.title)
    return enqueue_ags_score(session, launch, score_given=None, score_maximum=SCORE_MAXIMUM,
                             activity_progress="InProgress", grading_progress="Pending",
                             item_id=module.id, label=module.title)
