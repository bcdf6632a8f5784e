"""launch locale

Revision ID: 0003_launch_locale
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_launch_locale"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("launch_sessions") as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("launch_sessions") as batch_op:
        batch_op.drop_column("locale")
