"""registration by invitation; a registration's own service hosts

Revision ID: 0010_registration
Revises: 0009_canvas
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_registration"
down_revision = "0009_canvas"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("service_hosts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_registration_invitations_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["registration_id"], ["platform_registrations.id"],
                                name=op.f("fk_registration_invitations_registration_id_platform_registrations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_registration_invitations_token_hash")),
    )
    op.create_index(op.f("ix_registration_invitations_organisation_id"), "registration_invitations",
                    ["organisation_id"], unique=False)
    # Existing registrations keep working: their services live on their own URLs' hosts.
    with op.batch_alter_table("platform_registrations") as batch_op:
        batch_op.add_column(sa.Column("service_hosts", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("platform_registrations") as batch_op:
        batch_op.drop_column("service_hosts")
    op.drop_index(op.f("ix_registration_invitations_organisation_id"), table_name="registration_invitations")
    op.drop_table("registration_invitations")
