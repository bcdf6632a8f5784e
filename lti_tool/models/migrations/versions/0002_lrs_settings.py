"""per-organisation LRS settings for xAPI delivery

Revision ID: 0002_lrs
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_lrs'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lrs_settings',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=1000), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('secret_encrypted', sa.Text(), nullable=False),
    sa.Column('secret_hint', sa.String(length=16), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('identify_learners', sa.Boolean(), nullable=False),
    sa.Column('credentials_rejected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_lrs_settings_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_lrs_settings'))
    )


def downgrade() -> None:
    op.drop_table('lrs_settings')
