"""Samenleer: an answer can be a choice of topics (``samenleer_answers.choices``)

Existing answers keep their score and text; their choice of topics starts empty.

Revision ID: 0016_guest
Revises: 0015_branding
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_guest"
down_revision = "0015_branding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("samenleer_answers") as batch_op:
        batch_op.add_column(sa.Column("choices", sa.String(length=1000), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("samenleer_answers") as batch_op:
        batch_op.drop_column("choices")
