"""Intervisie: networks of organisations, groups, members, sessions, entries, participants,
practice cases offered to the course and the group's consents

Revision ID: 0017_intervisie
Revises: 0016_guest
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_intervisie"
down_revision = "0016_guest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intervisie_networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_networks')),
    sa.UniqueConstraint('name', name=op.f('uq_intervisie_networks_name'))
    )
    op.create_table('intervisie_network_members',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['intervisie_networks.id'], name=op.f('fk_intervisie_network_members_network_id_intervisie_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_intervisie_network_members_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_intervisie_network_members'))
    )
    with op.batch_alter_table('intervisie_network_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_network_members_network_id'), ['network_id'], unique=False)

    op.create_table('intervisie_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hint', sa.String(length=16), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_intervisie_groups_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['network_id'], ['intervisie_networks.id'], name=op.f('fk_intervisie_groups_network_id_intervisie_networks')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_intervisie_groups_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_groups')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_intervisie_groups_code_hash'))
    )
    with op.batch_alter_table('intervisie_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_groups_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervisie_groups_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervisie_groups_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('intervisie_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['intervisie_groups.id'], name=op.f('fk_intervisie_members_group_id_intervisie_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_intervisie_members_learner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_members')),
    sa.UniqueConstraint('group_id', 'learner_id', name=op.f('uq_intervisie_members_group_id_learner_id'))
    )
    with op.batch_alter_table('intervisie_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervisie_members_learner_id'), ['learner_id'], unique=False)

    op.create_table('intervisie_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.String(length=80), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('inbrenger_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('step_index', sa.Integer(), nullable=False),
    sa.Column('step_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('step_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('chosen_entry_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['intervisie_groups.id'], name=op.f('fk_intervisie_sessions_group_id_intervisie_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inbrenger_id'], ['intervisie_members.id'], name=op.f('fk_intervisie_sessions_inbrenger_id_intervisie_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_sessions'))
    )
    with op.batch_alter_table('intervisie_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_sessions_group_id'), ['group_id'], unique=False)

    op.create_table('intervisie_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['intervisie_members.id'], name=op.f('fk_intervisie_entries_member_id_intervisie_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['intervisie_sessions.id'], name=op.f('fk_intervisie_entries_session_id_intervisie_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_entries')),
    sa.UniqueConstraint('session_id', 'member_id', 'client_key', name=op.f('uq_intervisie_entries_session_id_member_id_client_key'))
    )
    with op.batch_alter_table('intervisie_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_entries_session_id'), ['session_id'], unique=False)

    op.create_table('intervisie_participants',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['intervisie_members.id'], name=op.f('fk_intervisie_participants_member_id_intervisie_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['intervisie_sessions.id'], name=op.f('fk_intervisie_participants_session_id_intervisie_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'member_id', name=op.f('pk_intervisie_participants'))
    )
    op.create_table('intervisie_practice_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('advice', sa.JSON(), nullable=False),
    sa.Column('takeaway', sa.Text(), nullable=False),
    sa.Column('credit_name', sa.String(length=60), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_intervisie_practice_cases_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_intervisie_practice_cases_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['intervisie_sessions.id'], name=op.f('fk_intervisie_practice_cases_session_id_intervisie_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervisie_practice_cases')),
    sa.UniqueConstraint('session_id', name=op.f('uq_intervisie_practice_cases_session_id'))
    )
    with op.batch_alter_table('intervisie_practice_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervisie_practice_cases_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervisie_practice_cases_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('intervisie_case_consents',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['intervisie_practice_cases.id'], name=op.f('fk_intervisie_case_consents_case_id_intervisie_practice_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['intervisie_members.id'], name=op.f('fk_intervisie_case_consents_member_id_intervisie_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'member_id', name=op.f('pk_intervisie_case_consents'))
    )


def downgrade() -> None:
    op.drop_table('intervisie_case_consents')
    with op.batch_alter_table('intervisie_practice_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_practice_cases_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_intervisie_practice_cases_context_id'))

    op.drop_table('intervisie_practice_cases')
    op.drop_table('intervisie_participants')
    with op.batch_alter_table('intervisie_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_entries_session_id'))

    op.drop_table('intervisie_entries')
    with op.batch_alter_table('intervisie_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_sessions_group_id'))

    op.drop_table('intervisie_sessions')
    with op.batch_alter_table('intervisie_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_members_learner_id'))
        batch_op.drop_index(batch_op.f('ix_intervisie_members_group_id'))

    op.drop_table('intervisie_members')
    with op.batch_alter_table('intervisie_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_groups_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_intervisie_groups_last_activity_at'))
        batch_op.drop_index(batch_op.f('ix_intervisie_groups_context_id'))

    op.drop_table('intervisie_groups')
    with op.batch_alter_table('intervisie_network_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervisie_network_members_network_id'))

    op.drop_table('intervisie_network_members')
    op.drop_table('intervisie_networks')
