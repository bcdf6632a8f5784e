"""zelfscan scans taken by staff are left out of the group profile

Revision ID: 0007_zelfscan_by_staff
Revises: 0004_zelfscan
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_zelfscan_by_staff"
down_revision = "0004_zelfscan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("zelfscan_scans") as batch_op:
        batch_op.add_column(sa.Column("by_staff", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("zelfscan_scans") as batch_op:
        batch_op.drop_column("by_staff")
