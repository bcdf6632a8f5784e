"""Progress and grades for the module player (points: ``lti_tool.blocks``). No Flask here.

Every change a learner makes is added to the caller's database session together
with the AGS score for the gradebook (through the outbox), so the caller commits
the answer, the progress and the score in one transaction.
"""

from __future__ import annotations

import functools
import json
import operator
from collections import namedtuple
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, cast, overload

from sqlalchemy import (
    JSON,
    ColumnElement,
    Dialect,
    Float,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from .. import xapi
from ..blocks.scoring import SCORE_MAXIMUM, module_score, scored_blocks
from ..content.model import AnyBlock, Module
from ..db import upsert_insert
from ..grading import columns as grade_columns
from ..grading import rules as grading_rules
from ..launch_context import Launch
from ..models import Answer, BlockDone, ModuleProgress, utcnow
from ..outbox.messages import enqueue_ags_score
from ..outbox.score_time import in_second, unix_second

STARTED = "started"
COMPLETED = "completed"


# ---- reading progress ------------------------------------------------------------------------

def _context_filter(column, context_id: int | None):
    return column.is_(None) if context_id is None else column == context_id


# The blocks done come with their progress row in the same query (a join, not a second select).
_WITH_DONE = joinedload(ModuleProgress.done_blocks)

# Each query of a page is built once per shape and run with bound values (issue 16: building
# the expression and its cache key cost more CPU than running it). A course launch without a
# context has its own shape (``IS NULL``).
_STATEMENTS: dict[tuple, Any] = {}


def _built(key: tuple, build: Callable[[], Any]) -> Any:
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


def _of_learner(model, context_id: int | None) -> tuple:
    """``model``'s rows of the launch's learner and context, with bound values."""
    context = (model.context_id.is_(None) if context_id is None
               else model.context_id == bindparam("p_context_id"))
    return (model.learner_id == bindparam("p_learner_id"), context)


def _whose(launch: Launch, **values: Any) -> dict[str, Any]:
    return {"p_learner_id": launch.learner_id, "p_context_id": launch.context_id, **values}


def get_progress(session: Session, launch: Launch, module_id: str, *,
                 fresh: bool = False) -> ModuleProgress | None:
    """The row with its blocks done; ``fresh`` overwrites what the session already holds."""
    # One learner has one row per module and context (a unique index): no LIMIT needed,
    # which a joined eager load would have to wrap in a subquery.
    def build():
        query = (select(ModuleProgress).options(_WITH_DONE)
                 .where(*_of_learner(ModuleProgress, launch.context_id),
                        ModuleProgress.module_id == bindparam("p_module_id"))
                 .order_by(ModuleProgress.id))
        return query.execution_options(populate_existing=True) if fresh else query

    query = _built(("progress", launch.context_id is None, fresh), build)
    return session.scalars(query, _whose(launch, p_module_id=module_id)).unique().first()


class ModuleState(NamedTuple):
    """What the overviews show of a module's progress row (the course page, the zelfscan path)."""

    module_id: str
    status: str
    score_given: float | None


def progress_by_module(session: Session, launch: Launch) -> dict[str, ModuleState]:
    """Per module, its state: three columns as plain rows, not the rows with their blocks
    done as objects (issue 16: the course page only shows these)."""
    query = _built(("progress by module", launch.context_id is None), lambda: select(
        ModuleProgress.module_id, ModuleProgress.status, ModuleProgress.score_given)
        .where(*_of_learner(ModuleProgress, launch.context_id)))
    return {row.module_id: ModuleState(*row) for row in session.execute(query, _whose(launch))}


def block_answers(session: Session, launch: Launch, module_id: str, block_id: str) -> list[Answer]:
    """The learner's answers to one block, oldest first. Only ever their own."""
    query = _built(("block answers", launch.context_id is None), lambda: select(Answer).where(
        *_of_learner(Answer, launch.context_id), Answer.module_id == bindparam("p_module_id"),
        Answer.block_id == bindparam("p_block_id")).order_by(Answer.id))
    return list(session.scalars(query, _whose(launch, p_module_id=module_id, p_block_id=block_id)))


def _answer_blocks(module: Module, block_id: str) -> list[str]:
    return sorted({block.id for block in scored_blocks(module)} | {block_id})


@overload
def module_answers(session: Session, launch: Launch, module: Module, block_id: str) -> list[Answer]: ...


@overload
def module_answers(session: Session, launch: Launch, module: Module, block_id: str, *,
                   with_done_of: ModuleProgress) -> tuple[list[Answer], list[str]]: ...


def module_answers(session: Session, launch: Launch, module: Module, block_id: str, *,
                   with_done_of: ModuleProgress | None = None):
    """In one query, the learner's answers to ``block_id`` and to every scored block of
    ``module``, oldest first: what an answer POST needs to judge the answer and then to
    grade the module (read after :func:`locked_progress`, so no answer can come between).
    ``with_done_of``: also that progress row's blocks done, in the same query."""
    values = _whose(launch, p_module_id=module.id, p_block_ids=_answer_blocks(module, block_id))

    def where() -> tuple:
        return (*_of_learner(Answer, launch.context_id), Answer.module_id == bindparam("p_module_id"),
                Answer.block_id.in_(bindparam("p_block_ids", expanding=True)))

    if with_done_of is None:
        query = _built(("module answers", launch.context_id is None),
                       lambda: select(Answer).where(*where()).order_by(Answer.id))
        return list(session.scalars(query, values))
    # One row at least (none of the answers: one row without an answer), each carrying the
    # blocks done.
    dialect = session.get_bind().dialect.name

    # The answers come as rows of the table's columns, not as ORM objects: the answer POST
    # only reads them (to judge and to grade), and mapping a learner's every attempt to an
    # object was the largest part of its CPU after a few dozen attempts (issue 16). A row
    # has the same attributes as an ``Answer`` (``id``, ``block_id``, ``response``, ...).
    def build():
        one = select(literal(1).label("one")).subquery("one")
        table = Answer.__table__
        return (select(_done_ids(dialect).label("done_ids"), *table.columns).select_from(one)
                .outerjoin(table, and_(*where())).order_by(table.c.id))

    query = _built(("module answers and done", launch.context_id is None, dialect), build)
    rows = session.execute(query, {**values, "p_progress_id": with_done_of.id}).all()
    done = _parse_done_ids(rows[0][0]) if rows else []
    return cast(list[Answer], [row for row in rows if row.id is not None]), done


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


def passed(module: Module, progress: ModuleProgress | ModuleState | None) -> bool | None:
    if progress is None or progress.status != COMPLETED or progress.score_given is None:
        return None
    return progress.score_given >= module.pass_mark


# ---- writing progress ------------------------------------------------------------------------

def _insert_progress(session: Session, launch: Launch, module: Module,
                     at_block: str | None, score_second: int = 0) -> ModuleProgress | None:
    """A new row, starting at ``at_block`` (default: the module's first block); ``None``
    when a parallel request inserted it first."""
    inserted = upsert_insert(session, ModuleProgress).values(
        learner_id=launch.learner_id, context_id=launch.context_id, module_id=module.id,
        status=STARTED, last_block_id=at_block or module.blocks[0].id, score_second=score_second,
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


def _done_ids(dialect: str, *, of_row: bool = False):
    """The blocks done of the row ``progress_id`` (bound; ``of_row``: of the progress row the
    statement returns) as one value (an array in order on PostgreSQL, a JSON list of
    ``[id, block]`` pairs on SQLite), to ride along with a read."""
    aggregate: ColumnElement
    if dialect == "postgresql":
        aggregate = func.array_agg(aggregate_order_by(BlockDone.block_id, BlockDone.id))
    else:
        aggregate = func.json_group_array(func.json_array(BlockDone.id, BlockDone.block_id))
    # Named with its table: SQLite's RETURNING names its own table's columns bare, and a bare
    # ``id`` in the subquery would be the blocks done's own.
    progress_id: ColumnElement[Any] = (
        literal_column(f"{ModuleProgress.__tablename__}.id") if of_row else bindparam("p_progress_id"))
    return select(aggregate).where(BlockDone.progress_id == progress_id).scalar_subquery()


_answers_table = Answer.__table__
# A row of the answers table, as SQLAlchemy gives it (attributes ``id``, ``block_id``, ...).
_AnswerRow = namedtuple("_AnswerRow", [column.name for column in _answers_table.columns])  # type: ignore[misc]


def _answers_json(context_id: int | None):
    """SQLite: the learner's answers to the blocks ``p_block_ids`` of the module as one JSON
    list of rows. A score is written with ``quote`` (every digit: JSON's 15 would round it),
    the response as JSON in the list (SQLite copies its numbers as they are written), not as
    a text to parse once more."""
    fields = [func.quote(column) if isinstance(column.type, Float)
              else func.json(column) if isinstance(column.type, JSON) else column
              for column in _answers_table.columns]
    return (select(func.json_group_array(func.json_array(*fields)))
            .where(*_of_learner(Answer, context_id), Answer.module_id == bindparam("p_module_id"),
                   Answer.block_id.in_(bindparam("p_block_ids", expanding=True)))
            .scalar_subquery())


@functools.cache
def _answer_readers(dialect: Dialect) -> list[tuple[int, Callable[[Any], Any]]]:
    """Per column of the answers table whose value in :func:`_answers_json` is not yet what
    SQLAlchemy gives for it: its place and what turns it into that (the column type's own
    result processing; a score from ``quote``'s text)."""
    readers: list[tuple[int, Callable[[Any], Any]]] = []
    for place, column in enumerate(_answers_table.columns):
        if isinstance(column.type, Float):
            readers.append((place, lambda text: None if text == "NULL" else float(text)))
        elif isinstance(column.type, JSON):
            continue  # already parsed with the list
        elif (process := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None:
            readers.append((place, process))
    return readers


def _parse_answers(value: str, dialect: Dialect) -> list[Answer]:
    """:func:`_answers_json`'s list as rows of the answers table, oldest first."""
    readers = _answer_readers(dialect)
    rows = []
    for fields in sorted(json.loads(value), key=_by_id):
        for place, read in readers:
            fields[place] = read(fields[place])
        rows.append(_AnswerRow._make(fields))
    return cast(list[Answer], rows)


_by_id = operator.itemgetter(list(_answers_table.columns).index(_answers_table.c.id))


def _parse_done_ids(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # SQLite: [[id, block], ...] in no set order
        return [block for _id, block in sorted(json.loads(value))]
    return list(value)


def locked_progress(session: Session, launch: Launch, module: Module, *,
                    at_block: str | None = None, score_at: datetime | None = None,
                    read_done: bool = True) -> ModuleProgress:
    """The progress row, held until the transaction ends, read in the statement that takes
    it (``UPDATE … RETURNING``); its blocks done are read after that.

    The UPDATE locks the row on PostgreSQL and takes the write lock on SQLite, so
    requests about the same module take turns; whatever the one before committed
    (a block done, a completion) is seen by the next. A row this request inserts is
    its own until it commits; when a parallel request inserted it first, the second
    UPDATE finds it (that INSERT waited for the other's commit).

    The blocks done cannot come with the UPDATE on PostgreSQL: a subquery in its RETURNING
    reads the snapshot taken before the statement waited for the lock, and would miss a
    block the request it waited for added. ``read_done=False``: the caller reads them
    in its next statement (:func:`hold`).

    ``at_block``: the learner is there now. ``score_at``: a score will be queued at that
    time; the same UPDATE gives it its whole second, one after the row's last score's
    when that is not earlier (see :func:`score_timestamp`).
    """
    return _locked(session, launch, module, at_block, score_at, read_done=read_done)[0]


def _locked(session: Session, launch: Launch, module: Module, at_block: str | None,
            score_at: datetime | None, *, read_done: bool = False,
            answers_of: list[str] | None = None) -> tuple[ModuleProgress, list[Answer] | None]:
    """:func:`locked_progress`; with ``answers_of`` (SQLite only), the row's blocks done and
    the learner's answers to those blocks of the module come back from the same UPDATE, in
    its RETURNING: on SQLite the statement reads only once it has the write lock, so nothing
    committed before it is missed. ``None`` for the answers when they were not read (the row
    was inserted now)."""
    dialect = session.get_bind().dialect

    def build():
        values: dict[str, Any] = {"updated_at": bindparam("p_now")}
        if at_block is not None:
            values["last_block_id"] = bindparam("p_at_block")
        if score_at is not None:
            # NULL (not known) stays NULL: send_grade then looks at the outbox once.
            values["score_second"] = case(
                (ModuleProgress.score_second < bindparam("p_second"), bindparam("p_second")),
                else_=ModuleProgress.score_second + 1)
        returned: list[Any] = [ModuleProgress]
        if answers_of is not None:
            returned += [_done_ids(dialect.name, of_row=True).label("done_ids"),
                         _answers_json(launch.context_id).label("answers")]
        statement = (update(ModuleProgress)
                     .where(*_of_learner(ModuleProgress, launch.context_id),
                            ModuleProgress.module_id == bindparam("p_module_id"))
                     .values(**values).returning(*returned))
        return (select(*returned).from_statement(statement)
                .options(lazyload(ModuleProgress.done_blocks))
                .execution_options(populate_existing=True))

    lock = _built(("lock", launch.context_id is None, at_block is not None, score_at is not None,
                   answers_of is not None), build)
    second = unix_second(score_at) if score_at is not None else 0
    values = _whose(launch, p_now=utcnow(), p_at_block=at_block, p_second=second, p_module_id=module.id,
                    p_block_ids=answers_of or [])
    for _ in range(2):
        found = session.execute(lock, values).first()
        if found is not None:
            progress = found[0]
            if answers_of is not None:
                progress.hold_blocks_done(_parse_done_ids(found.done_ids))
                return progress, _parse_answers(found.answers, dialect)
            if read_done:
                done = session.scalar(select(_done_ids(dialect.name)), {"p_progress_id": progress.id})
                progress.hold_blocks_done(_parse_done_ids(done))
            return progress, None
        inserted = _insert_progress(session, launch, module, at_block, second)
        if inserted is not None:
            return inserted, None
    raise RuntimeError("progress row neither found nor created")  # pragma: no cover


@dataclass
class Held:
    """What an answer POST holds before it judges the answer: the progress row, locked;
    the answers it read after taking it (:func:`module_answers`); ``score_at``: when the
    lock gave the score it will queue its second (``None``: no score expected)."""

    progress: ModuleProgress
    answers: list[Answer]
    score_at: datetime | None = None


def hold(session: Session, launch: Launch, module: Module, block: AnyBlock) -> Held:
    """Lock the progress row (the learner is at ``block`` now) and read the answers: two
    statements (one on SQLite), after which answers to this module take turns (issue 16)."""
    score_at = utcnow() if launch.can_send_scores else None
    in_lock = session.get_bind().dialect.name == "sqlite"
    row, answers = _locked(session, launch, module, block.id, score_at,
                           answers_of=_answer_blocks(module, block.id) if in_lock else None)
    if answers is None:
        answers, done = module_answers(session, launch, module, block.id, with_done_of=row)
        row.hold_blocks_done(done)
    return Held(row, answers, score_at)


def mark_done(session: Session, progress: ModuleProgress, block_id: str) -> set[str]:
    """Record ``block_id`` as done (once, however often it is sent); all blocks done.

    ``progress`` is locked and was read after the lock (:func:`locked_progress`), so its
    blocks done are all there are: only a request holding that lock adds one.
    """
    held = progress.blocks_done
    if block_id not in held:
        session.execute(upsert_insert(session, BlockDone).values(
            progress_id=progress.id, block_id=block_id, created_at=utcnow()).on_conflict_do_nothing())
        session.expire(progress, ["done_blocks"])
        progress.hold_blocks_done([*held, block_id])
    return {*held, block_id}


def visit(session: Session, launch: Launch, module: Module, block: AnyBlock) -> ModuleProgress:
    """Remember where the learner is, so the module resumes here."""
    progress = get_or_create_progress(session, launch, module, at_block=block.id)
    if progress.last_block_id != block.id:
        # One UPDATE of the two columns, not through the unit of work (no flush of the row at
        # commit); the row in the session is told the new values.
        now = utcnow()
        session.execute(_VISIT, {"p_id": progress.id, "last_block_id": block.id, "updated_at": now})
        set_committed_value(progress, "last_block_id", block.id)
        set_committed_value(progress, "updated_at", now)
    return progress


_progress_table = ModuleProgress.metadata.tables[ModuleProgress.__tablename__]
_VISIT = update(_progress_table).where(_progress_table.c.id == bindparam("p_id"))


@dataclass
class Recorded:
    progress: ModuleProgress
    answer: Answer | None = None
    completed_now: bool = False
    messages: list = field(default_factory=list)


def record(session: Session, launch: Launch, module: Module, block: AnyBlock, *,
           response: dict | None = None, score: float | None = None,
           max_score: float | None = None, done: bool | None = True,
           held: Held | None = None, once_key: str | None = None) -> Recorded:
    """Store what the learner did in ``block`` and bring progress and grade up to date.

    An answer is always a new row (retries stay visible), but one with a ``once_key`` the
    learner already has (a puzzle solved in parallel, a second click) is not stored: then
    ``Recorded.answer`` is ``None`` and no score is queued for it. With every answer, and
    whenever the module's completion changes, an AGS score goes to the outbox in
    the same session: InProgress/Pending while the module is open, Completed/
    FullyGraded with the percentage once every required block is done. Each quiz
    counts with the attempt the placement's rule picks (best by default).
    ``done=None`` leaves the block as it was: done when it was done before.
    ``held``: what the caller locked and read (:func:`hold`), so it is not read again.
    """
    known: list[Answer] | None
    if held is not None:
        progress, known, score_at = held.progress, held.answers, held.score_at
    else:
        progress, known, score_at = locked_progress(session, launch, module), None, None
    answer = None
    if response is not None:
        answer = _insert_answer(session, {
            "learner_id": launch.learner_id, "context_id": launch.context_id,
            "module_id": module.id, "block_id": block.id, "response": response, "score": score,
            "max_score": max_score, "once_key": once_key})
        if known is not None and answer is not None:
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
        message = send_grade(session, launch, module, progress, score_at=score_at)
        if message is not None:
            result.messages.append(message)
    if changed and complete:
        result.messages += xapi.module_result(
            session, launch, module.id, completed=not was_complete,
            passed=passed(module, progress), score_scaled=new_score / SCORE_MAXIMUM)
    return result


def _insert_answer(session: Session, values: dict[str, Any]) -> Answer | None:
    """A new answer row; ``None`` when its ``once_key`` is the learner's already (a parallel
    request may insert it too: insert-or-ignore under the unique index)."""
    values = {"created_at": utcnow(), **values}
    insert = _built(("insert answer", session.get_bind().dialect.name, tuple(values)), lambda: (
        select(Answer).from_statement(
            upsert_insert(session, Answer).values({name: bindparam(f"p_{name}") for name in values})
            .on_conflict_do_nothing().returning(Answer))))
    return session.scalars(insert, {f"p_{name}": value for name, value in values.items()}).first()


def score_timestamp(progress: ModuleProgress, score_at: datetime | None) -> datetime | None:
    """The timestamp of the score queued now: now, or a whole second after the row's
    previous score when that was this second or later (Moodle compares whole seconds
    and refuses, 409, a score not newer than the grade it has).

    ``score_at``: the lock already gave this score its second (:func:`locked_progress`);
    otherwise it is given here. ``None``: not known (a row from before migration 0021),
    the outbox finds it from the scores queued.
    """
    if progress.score_second is None:
        return None
    if score_at is None:
        score_at = utcnow()
        progress.score_second = max(unix_second(score_at), progress.score_second + 1)
    return in_second(progress.score_second, score_at)


def send_grade(session: Session, launch: Launch, module: Module, progress: ModuleProgress, *,
               score_at: datetime | None = None):
    """Queue the module's current state for its own gradebook column (``None`` when
    nothing may be sent: no AGS, a staff launch, or no column for the module).

    The row keeps what the next score needs (issue 16): its second (no read of the recent
    scores) and the column the learner's own launch remembered for the module (while the
    launch names the same, ``grade_columns`` is not upserted again; a rolled back answer
    rolls both back)."""
    if not launch.can_send_scores:
        return None
    lineitem = None
    if module.id == launch.content_item_id and launch.context_id is not None:
        lineitem = grade_columns.own_lineitem(session, launch)
    known = (grade_columns.remembered_already(session, launch.context_id, module.id, lineitem)
             if lineitem is not None and progress.grade_lineitem == lineitem else nullcontext())
    timestamp = score_timestamp(progress, score_at)
    with known:
        if progress.status == COMPLETED:
            message = enqueue_ags_score(
                session, launch, score_given=progress.score_given, score_maximum=SCORE_MAXIMUM,
                activity_progress="Completed", grading_progress="FullyGraded", item_id=module.id,
                label=module.title, timestamp=timestamp)
        else:
            message = enqueue_ags_score(
                session, launch, score_given=None, score_maximum=SCORE_MAXIMUM,
                activity_progress="InProgress", grading_progress="Pending", item_id=module.id,
                label=module.title, timestamp=timestamp)
    if message is not None:
        if timestamp is None:  # found from the outbox: kept from now on
            sent = datetime.fromisoformat(message.payload["score"]["timestamp"])
            progress.score_second = unix_second(sent)
        if (lineitem is not None and progress.grade_lineitem != lineitem
                and message.payload.get("lineitem") == lineitem):
            progress.grade_lineitem = lineitem
    return message
