"""Progress keeps what its next gradebook score needs: the second of its last score and the
column the learner's own launch has remembered, so an answer no longer reads the outbox for
recent scores nor upserts the grade column every time (issue 16)

Revision ID: 0021_progress_score_time
Revises: 0020_escape
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_progress_score_time"
down_revision = "0020_escape"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows get NULL: "not known", so their next score still looks at the outbox
    # once (a score may have been queued a moment before the upgrade). New rows start at 0.
    with op.batch_alter_table("module_progress") as batch_op:
        batch_op.add_column(sa.Column("score_second", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("grade_lineitem", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("module_progress") as batch_op:
        batch_op.drop_column("grade_lineitem")
        batch_op.drop_column("score_second")
