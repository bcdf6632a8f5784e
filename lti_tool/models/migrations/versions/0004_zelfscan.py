"""zelfscan: scans, answers, learning paths and share consent

Revision ID: 0004_zelfscan
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_zelfscan"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('zelfscan_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('area_scores', sa.JSON(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_zelfscan_scans_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_zelfscan_scans_learner_id_learners')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_zelfscan_scans_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zelfscan_scans'))
    )
    op.create_index(op.f('ix_zelfscan_scans_context_id'), 'zelfscan_scans', ['context_id'], unique=False)
    op.create_index(op.f('ix_zelfscan_scans_learner_id'), 'zelfscan_scans', ['learner_id'], unique=False)
    op.create_table('zelfscan_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['scan_id'], ['zelfscan_scans.id'], name=op.f('fk_zelfscan_answers_scan_id_zelfscan_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zelfscan_answers')),
    sa.UniqueConstraint('scan_id', 'statement_id', name=op.f('uq_zelfscan_answers_scan_id_statement_id'))
    )
    op.create_table('zelfscan_paths',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=120), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=True),
    sa.Column('module_ids', sa.JSON(), nullable=False),
    sa.Column('dropped', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_zelfscan_paths_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_zelfscan_paths_learner_id_learners')),
    sa.ForeignKeyConstraint(['scan_id'], ['zelfscan_scans.id'], name=op.f('fk_zelfscan_paths_scan_id_zelfscan_scans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zelfscan_paths')),
    sa.UniqueConstraint('learner_id', 'context_id', 'framework_id', name=op.f('uq_zelfscan_paths_learner_id_context_id_framework_id'))
    )
    op.create_index(op.f('ix_zelfscan_paths_learner_id'), 'zelfscan_paths', ['learner_id'], unique=False)
    op.create_table('zelfscan_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('framework_id', sa.String(length=120), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_zelfscan_consents_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_zelfscan_consents_learner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zelfscan_consents')),
    sa.UniqueConstraint('learner_id', 'context_id', 'framework_id', name=op.f('uq_zelfscan_consents_learner_id_context_id_framework_id'))
    )
    op.create_index(op.f('ix_zelfscan_consents_learner_id'), 'zelfscan_consents', ['learner_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_zelfscan_consents_learner_id'), table_name='zelfscan_consents')
    op.drop_table('zelfscan_consents')
    op.drop_index(op.f('ix_zelfscan_paths_learner_id'), table_name='zelfscan_paths')
    op.drop_table('zelfscan_paths')
    op.drop_table('zelfscan_answers')
    op.drop_index(op.f('ix_zelfscan_scans_learner_id'), table_name='zelfscan_scans')
    op.drop_index(op.f('ix_zelfscan_scans_context_id'), table_name='zelfscan_scans')
    op.drop_table('zelfscan_scans')
