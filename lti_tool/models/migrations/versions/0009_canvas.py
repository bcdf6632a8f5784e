"""a registration may accept its first launch's deployment (platforms that send none)

Revision ID: 0009_canvas
Revises: 0008_merge_heads
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_canvas"
down_revision = "0008_merge_heads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("platform_registrations") as batch_op:
        batch_op.add_column(sa.Column("accept_first_deployment", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("platform_registrations") as batch_op:
        batch_op.drop_column("accept_first_deployment")
