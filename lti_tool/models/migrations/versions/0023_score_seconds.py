"""Per learner and gradebook column on a platform, the whole second of the last score queued,
claimed in the transaction that queues the next one, so two scores queued at the same moment
get seconds of their own (Moodle refuses, 409, a score not newer in whole seconds)

Revision ID: 0023_score_seconds
Revises: 0022_answer_once
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_score_seconds"
down_revision = "0022_answer_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "score_seconds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("column_key", sa.String(length=1000), nullable=False),
        sa.Column("second", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"],
                                name=op.f("fk_score_seconds_learner_id_learners")),
        sa.ForeignKeyConstraint(["registration_id"], ["platform_registrations.id"],
                                name=op.f("fk_score_seconds_registration_id_platform_registrations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_seconds")),
        sa.UniqueConstraint("registration_id", "learner_id", "column_key",
                            name=op.f("uq_score_seconds_registration_id_learner_id_column_key")),
    )


def downgrade() -> None:
    op.drop_table("score_seconds")
