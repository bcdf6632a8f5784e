"""Answers kept once: an escape room's solved puzzle (``solve:<id>``) or opened door
(``door``) is stored once per learner, course context and block (``answers.once_key``
under partial unique indexes, NULL context too), so members of a team who solve the same
puzzle at the same moment, or one member's second click, keep one row each.

Existing right answers get their key; where a learner has several for the same puzzle or
door, the earliest stays and the later ones go (they told nothing new).

Revision ID: 0022_answer_once
Revises: 0021_progress_score_time
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_answer_once"
down_revision = "0021_progress_score_time"
branch_labels = None
depends_on = None

ONCE_WHERE = "once_key IS NOT NULL AND context_id IS NOT NULL"
ONCE_NO_CONTEXT_WHERE = "once_key IS NOT NULL AND context_id IS NULL"


def upgrade() -> None:
    op.add_column("answers", sa.Column("once_key", sa.String(length=300), nullable=True))
    _key_right_answers_and_drop_later_twins()
    op.create_index("uq_answers_once", "answers",
                    ["learner_id", "context_id", "module_id", "block_id", "once_key"], unique=True,
                    postgresql_where=sa.text(ONCE_WHERE), sqlite_where=sa.text(ONCE_WHERE))
    op.create_index("uq_answers_once_no_context", "answers",
                    ["learner_id", "module_id", "block_id", "once_key"], unique=True,
                    postgresql_where=sa.text(ONCE_NO_CONTEXT_WHERE),
                    sqlite_where=sa.text(ONCE_NO_CONTEXT_WHERE))


def _once_key(response: object) -> str | None:
    """As ``lti_tool.blocks.escape_room.once_key`` was at this revision (only the escape
    room's answers have ``puzzle`` or ``code``)."""
    if not isinstance(response, dict) or response.get("correct") is not True:
        return None
    if "puzzle" in response:
        return f"solve:{response['puzzle']}"
    return "door" if "code" in response else None


def _key_right_answers_and_drop_later_twins() -> None:
    connection = op.get_bind()
    answers = sa.table("answers", sa.column("id", sa.Integer), sa.column("learner_id", sa.Integer),
                       sa.column("context_id", sa.Integer), sa.column("module_id", sa.String),
                       sa.column("block_id", sa.String), sa.column("response", sa.JSON),
                       sa.column("once_key", sa.String))
    text = sa.cast(answers.c.response, sa.Text)
    candidates = connection.execute(
        sa.select(answers.c.id, answers.c.learner_id, answers.c.context_id, answers.c.module_id,
                  answers.c.block_id, answers.c.response)
        .where(sa.or_(text.like('%"puzzle"%'), text.like('%"code"%')))
        .order_by(answers.c.id))
    earliest: dict[tuple, int] = {}
    later: list[int] = []
    for answer_id, learner_id, context_id, module_id, block_id, response in candidates:
        key = _once_key(response)
        if key is None:
            continue
        whose = (learner_id, context_id, module_id, block_id, key)
        if whose in earliest:
            later.append(answer_id)
        else:
            earliest[whose] = answer_id
    for start in range(0, len(later), 500):
        connection.execute(answers.delete().where(answers.c.id.in_(later[start:start + 500])))
    keyed = [{"answer_id": answer_id, "key": whose[-1]} for whose, answer_id in earliest.items()]
    if keyed:
        connection.execute(answers.update().where(answers.c.id == sa.bindparam("answer_id"))
                           .values(once_key=sa.bindparam("key")), keyed)


def downgrade() -> None:
    op.drop_index("uq_answers_once_no_context", table_name="answers")
    op.drop_index("uq_answers_once", table_name="answers")
    with op.batch_alter_table("answers") as batch_op:
        batch_op.drop_column("once_key")
