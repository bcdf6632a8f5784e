"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 13:04:46.603699
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lti_state',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_lti_state'))
    )
    with op.batch_alter_table('lti_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_state_expires_at'), ['expires_at'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('logo_url', sa.String(length=500), nullable=True),
    sa.Column('primary_color', sa.String(length=7), nullable=False),
    sa.Column('accent_color', sa.String(length=7), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    op.create_table('tool_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('private_pem', sa.Text(), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('signing_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tool_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_tool_keys_kid'))
    )
    op.create_table('worker_heartbeats',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats'))
    )
    op.create_table('learners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('sub', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_learners_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learners')),
    sa.UniqueConstraint('issuer', 'sub', name=op.f('uq_learners_issuer_sub'))
    )
    with op.batch_alter_table('learners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learners_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('platform_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('auth_login_url', sa.String(length=1000), nullable=False),
    sa.Column('auth_token_url', sa.String(length=1000), nullable=False),
    sa.Column('jwks_url', sa.String(length=1000), nullable=False),
    sa.Column('auth_audience', sa.String(length=1000), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_platform_registrations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_registrations')),
    sa.UniqueConstraint('issuer', 'client_id', name=op.f('uq_platform_registrations_issuer_client_id'))
    )
    with op.batch_alter_table('platform_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_registrations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('course_contexts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('label', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['platform_registrations.id'], name=op.f('fk_course_contexts_registration_id_platform_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_contexts')),
    sa.UniqueConstraint('registration_id', 'context_id', name=op.f('uq_course_contexts_registration_id_context_id'))
    )
    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['platform_registrations.id'], name=op.f('fk_deployments_registration_id_platform_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deployments')),
    sa.UniqueConstraint('registration_id', 'deployment_id', name=op.f('uq_deployments_registration_id_deployment_id'))
    )
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_outbox_messages_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['registration_id'], ['platform_registrations.id'], name=op.f('fk_outbox_messages_registration_id_platform_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.String(length=255), nullable=False),
    sa.Column('block_id', sa.String(length=255), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('max_score', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_answers_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_answers_learner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_learner_id'), ['learner_id'], unique=False)

    op.create_table('module_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.String(length=255), nullable=False),
    sa.Column('last_block_id', sa.String(length=255), nullable=True),
    sa.Column('blocks_done', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('score_given', sa.Float(), nullable=True),
    sa.Column('score_maximum', sa.Float(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_module_progress_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_module_progress_learner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_progress')),
    sa.UniqueConstraint('learner_id', 'context_id', 'module_id', name=op.f('uq_module_progress_learner_id_context_id_module_id'))
    )
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_progress_learner_id'), ['learner_id'], unique=False)

    op.create_table('resource_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('resource_link_id', sa.String(length=255), nullable=False),
    sa.Column('content_item_id', sa.String(length=255), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('lineitem_url', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_resource_links_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['registration_id'], ['platform_registrations.id'], name=op.f('fk_resource_links_registration_id_platform_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_links')),
    sa.UniqueConstraint('registration_id', 'resource_link_id', name=op.f('uq_resource_links_registration_id_resource_link_id'))
    )
    op.create_table('launch_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.String(length=255), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('resource_link_id', sa.Integer(), nullable=True),
    sa.Column('message_type', sa.String(length=64), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('ags', sa.JSON(), nullable=True),
    sa.Column('nrps_url', sa.String(length=1000), nullable=True),
    sa.Column('return_url', sa.String(length=1000), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_launch_sessions_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_launch_sessions_learner_id_learners')),
    sa.ForeignKeyConstraint(['registration_id'], ['platform_registrations.id'], name=op.f('fk_launch_sessions_registration_id_platform_registrations')),
    sa.ForeignKeyConstraint(['resource_link_id'], ['resource_links.id'], name=op.f('fk_launch_sessions_resource_link_id_resource_links')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_launch_sessions'))
    )
    with op.batch_alter_table('launch_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_launch_sessions_learner_id'), ['learner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('launch_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_launch_sessions_learner_id'))

    op.drop_table('launch_sessions')
    op.drop_table('resource_links')
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_progress_learner_id'))

    op.drop_table('module_progress')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_learner_id'))

    op.drop_table('answers')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox_messages')
    op.drop_table('deployments')
    op.drop_table('course_contexts')
    with op.batch_alter_table('platform_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_registrations_organisation_id'))

    op.drop_table('platform_registrations')
    with op.batch_alter_table('learners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learners_organisation_id'))

    op.drop_table('learners')
    op.drop_table('worker_heartbeats')
    op.drop_table('tool_keys')
    op.drop_table('organisations')
    with op.batch_alter_table('lti_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_state_expires_at'))

    op.drop_table('lti_state')
