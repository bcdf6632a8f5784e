"""Escape room teams: a team per room and organisation, its members and its shared moves

Revision ID: 0020_escape
Revises: 0016_guest
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_escape"
down_revision = "0019_badges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "escape_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=255), nullable=False),
        sa.Column("block_id", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_escape_teams_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escape_teams")),
        sa.UniqueConstraint("organisation_id", "module_id", "block_id", "code",
                            name=op.f("uq_escape_teams_organisation_id_module_id_block_id_code")),
    )
    op.create_table(
        "escape_team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=255), nullable=False),
        sa.Column("block_id", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"],
                                name=op.f("fk_escape_team_members_learner_id_learners")),
        sa.ForeignKeyConstraint(["team_id"], ["escape_teams.id"], ondelete="CASCADE",
                                name=op.f("fk_escape_team_members_team_id_escape_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escape_team_members")),
        sa.UniqueConstraint("learner_id", "module_id", "block_id",
                            name=op.f("uq_escape_team_members_learner_id_module_id_block_id")),
    )
    op.create_index(op.f("ix_escape_team_members_team_id"), "escape_team_members", ["team_id"])
    op.create_table(
        "escape_team_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("move", sa.String(length=300), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"],
                                name=op.f("fk_escape_team_moves_learner_id_learners")),
        sa.ForeignKeyConstraint(["team_id"], ["escape_teams.id"], ondelete="CASCADE",
                                name=op.f("fk_escape_team_moves_team_id_escape_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escape_team_moves")),
        sa.UniqueConstraint("team_id", "move", name=op.f("uq_escape_team_moves_team_id_move")),
    )


def downgrade() -> None:
    op.drop_table("escape_team_moves")
    op.drop_index(op.f("ix_escape_team_members_team_id"), table_name="escape_team_members")
    op.drop_table("escape_team_members")
    op.drop_table("escape_teams")
