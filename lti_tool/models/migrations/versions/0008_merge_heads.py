"""Merge the four feature branches into one head.

Revision ID: 0008_merge_heads
Revises: 0002_lrs, 0005_samenleer, 0006_deep_linking, 0007_zelfscan_by_staff
"""

revision = "0008_merge_heads"
down_revision = ("0002_lrs", "0005_samenleer", "0006_deep_linking", "0007_zelfscan_by_staff")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
