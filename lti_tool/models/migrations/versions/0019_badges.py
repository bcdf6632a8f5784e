"""Open Badges 3.0: the badge signing key (``badge_keys``) and issued credentials
(``issued_badges``, one per learner, course and achievement; a random bit in the
organisation's revocation list).

Revision ID: 0019_badges
Revises: 0016_guest
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_badges"
down_revision = "0016_guest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("public_multibase", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_keys")),
        sa.UniqueConstraint("kid", name=op.f("uq_badge_keys_kid")),
    )
    op.create_table(
        "issued_badges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("achievement", sa.String(length=80), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course_contexts.id"],
                                name=op.f("fk_issued_badges_course_id_course_contexts")),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"],
                                name=op.f("fk_issued_badges_learner_id_learners")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_issued_badges_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_badges")),
        sa.UniqueConstraint("learner_id", "course_id", "achievement",
                            name=op.f("uq_issued_badges_learner_id_course_id_achievement")),
        sa.UniqueConstraint("organisation_id", "status_index",
                            name=op.f("uq_issued_badges_organisation_id_status_index")),
        sa.UniqueConstraint("public_id", name=op.f("uq_issued_badges_public_id")),
    )
    op.create_index(op.f("ix_issued_badges_organisation_id"), "issued_badges", ["organisation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_issued_badges_organisation_id"), table_name="issued_badges")
    op.drop_table("issued_badges")
    op.drop_table("badge_keys")
