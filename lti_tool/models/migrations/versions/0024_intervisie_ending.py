"""Intervisie: a participant keeps the launch they took part with, so their completion reaches
the gradebook when the session ends, without a visit; the asynchronous step deadlines get an
index for the worker's sweep

Revision ID: 0024_intervisie_ending
Revises: 0023_score_seconds
"""
import sqlalchemy as sa
from alembic import op

revision = "0024_intervisie_ending"
down_revision = "0023_score_seconds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows get NULL: those members are reported at their next visit, as before.
    with op.batch_alter_table("intervisie_participants") as batch_op:
        batch_op.add_column(sa.Column("launch_id", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_intervisie_participants_launch_id_launch_sessions"),
            "launch_sessions", ["launch_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("intervisie_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_intervisie_sessions_step_deadline"),
                              ["step_deadline"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intervisie_sessions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervisie_sessions_step_deadline"))
    with op.batch_alter_table("intervisie_participants") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_intervisie_participants_launch_id_launch_sessions"),
                                 type_="foreignkey")
        batch_op.drop_column("launch_id")
