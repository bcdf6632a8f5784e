"""deep linking settings on the launch session

Revision ID: 0006_deep_linking
Revises: 0003_launch_locale
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_deep_linking"
down_revision = "0003_launch_locale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("launch_sessions") as batch_op:
        batch_op.add_column(sa.Column("deep_linking", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("launch_sessions") as batch_op:
        batch_op.drop_column("deep_linking")
