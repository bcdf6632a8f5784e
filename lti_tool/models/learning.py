"""What learners did: progress per module and every answer they gave."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, unique_where, utcnow


class ModuleProgress(TimestampMixin, Base):
    """Where a learner is in a module and its result. The blocks done are rows of
    ``BlockDone``: parallel clicks on different blocks each add their own row, so
    none is lost (a list in one column was a read-modify-write)."""

    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("learner_id", "context_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    last_block_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="started")
    score_given: Mapped[float | None] = mapped_column(Float)
    score_maximum: Mapped[float | None] = mapped_column(Float)
    completed_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The gradebook (AGS) side, kept here so an answer reads nothing more for it (issue 16):
    # the whole second (Unix time) of the last score queued for this module, so the next one
    # is at least a second later (Moodle compares whole seconds); 0 = none yet, NULL = not
    # known (a row from before migration 0021: the outbox is looked at once).
    score_second: Mapped[int | None] = mapped_column(BigInteger, default=0)
    # The column the learner's own launch last remembered for this module in
    # ``grade_columns``: while the launch names the same one, it is not remembered again.
    grade_lineitem: Mapped[str | None] = mapped_column(String(1000))

    done_blocks: Mapped[list[BlockDone]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
        order_by="BlockDone.id")

    @property
    def blocks_done(self) -> list[str]:
        """The ids of the blocks done, in the order they were done."""
        held = self.__dict__.get(_HELD_DONE)
        if held is not None:
            return list(held)
        return [row.block_id for row in self.done_blocks]

    def hold_blocks_done(self, block_ids: list[str]) -> None:
        """The blocks done as read together with the row (``UPDATE … RETURNING`` cannot
        join them): :attr:`blocks_done` answers from these until the row is expired or
        read again."""
        self.__dict__[_HELD_DONE] = tuple(block_ids)


_HELD_DONE = "_held_blocks_done"


@event.listens_for(ModuleProgress, "expire")
def _forget_held_on_expire(target: ModuleProgress, _attrs) -> None:
    target.__dict__.pop(_HELD_DONE, None)


@event.listens_for(ModuleProgress, "refresh")
def _forget_held_on_refresh(target: ModuleProgress, _context, _attrs) -> None:
    target.__dict__.pop(_HELD_DONE, None)


class BlockDone(TimestampMixin, Base):
    """One block a learner has done in a module; at most one row per block."""

    __tablename__ = "module_blocks_done"
    __table_args__ = (UniqueConstraint("progress_id", "block_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("module_progress.id", ondelete="CASCADE"))
    block_id: Mapped[str] = mapped_column(String(255))


def _once(name: str, *columns: str, context: str) -> Index:
    """At most one answer per learner, course context, block and ``once_key`` (NULL context too)."""
    return unique_where(name, *columns, where=f"once_key IS NOT NULL AND context_id IS {context}")


class Answer(TimestampMixin, Base):
    """One submitted answer; kept, never overwritten, so retries stay visible. An answer
    with a ``once_key`` (an escape room's solved puzzle or opened door) is stored once per
    learner: parallel posts insert it with insert-or-ignore."""

    __tablename__ = "answers"
    __table_args__ = (
        _once("uq_answers_once", "learner_id", "context_id", "module_id", "block_id", "once_key",
              context="NOT NULL"),
        _once("uq_answers_once_no_context", "learner_id", "module_id", "block_id", "once_key",
              context="NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("course_contexts.id"))
    module_id: Mapped[str] = mapped_column(String(255))
    block_id: Mapped[str] = mapped_column(String(255))
    response: Mapped[dict] = mapped_column()
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    once_key: Mapped[str | None] = mapped_column(String(300))
