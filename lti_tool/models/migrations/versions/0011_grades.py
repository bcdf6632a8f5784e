"""grade columns per course and content item; a placement's grading rule

Revision ID: 0011_grades
Revises: 0010_registration
"""
from alembic import op
import sqlalchemy as sa

revision = "0011_grades"
down_revision = "0010_registration"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grade_columns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=255), nullable=False),
        sa.Column("lineitem_url", sa.String(length=1000), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["context_id"], ["course_contexts.id"],
                                name=op.f("fk_grade_columns_context_id_course_contexts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_columns")),
        sa.UniqueConstraint("context_id", "resource_id",
                            name=op.f("uq_grade_columns_context_id_resource_id")),
    )
    with op.batch_alter_table("resource_links") as batch_op:
        batch_op.add_column(sa.Column("grading", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("resource_links") as batch_op:
        batch_op.drop_column("grading")
    op.drop_table("grade_columns")
