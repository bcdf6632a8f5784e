"""The leerlijn: bijeenkomsten and attendance, praktijkopdrachten with feedback links and
feedback, and completion per learner and course (issue 18)

Revision ID: 0018_leerlijn
Revises: 0016_guest
"""

from alembic import op
import sqlalchemy as sa


revision = '0018_leerlijn'
down_revision = "0017_intervisie"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('leerlijn_completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_leerlijn_completions_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_leerlijn_completions_learner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_completions')),
    sa.UniqueConstraint('learner_id', 'context_id', name=op.f('uq_leerlijn_completions_learner_id_context_id'))
    )
    with op.batch_alter_table('leerlijn_completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leerlijn_completions_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leerlijn_completions_learner_id'), ['learner_id'], unique=False)

    op.create_table('leerlijn_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('prepares_for', sa.JSON(), nullable=False),
    sa.Column('bring', sa.Text(), nullable=False),
    sa.Column('checkin_nonce', sa.String(length=64), nullable=False),
    sa.Column('checkin_open_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_leerlijn_sessions_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_leerlijn_sessions_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_sessions'))
    )
    with op.batch_alter_table('leerlijn_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leerlijn_sessions_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leerlijn_sessions_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('leerlijn_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.String(length=80), nullable=False),
    sa.Column('what_i_did', sa.Text(), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['course_contexts.id'], name=op.f('fk_leerlijn_work_context_id_course_contexts')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_leerlijn_work_learner_id_learners')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_leerlijn_work_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_work')),
    sa.UniqueConstraint('learner_id', 'context_id', 'assignment_id', name=op.f('uq_leerlijn_work_learner_id_context_id_assignment_id'))
    )
    with op.batch_alter_table('leerlijn_work', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leerlijn_work_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leerlijn_work_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leerlijn_work_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('leerlijn_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_leerlijn_attendance_learner_id_learners')),
    sa.ForeignKeyConstraint(['session_id'], ['leerlijn_sessions.id'], name=op.f('fk_leerlijn_attendance_session_id_leerlijn_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_attendance')),
    sa.UniqueConstraint('session_id', 'learner_id', name=op.f('uq_leerlijn_attendance_session_id_learner_id'))
    )
    with op.batch_alter_table('leerlijn_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leerlijn_attendance_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leerlijn_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('leerlijn_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['work_id'], ['leerlijn_work.id'], name=op.f('fk_leerlijn_feedback_work_id_leerlijn_work'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_feedback')),
    sa.UniqueConstraint('work_id', name=op.f('uq_leerlijn_feedback_work_id'))
    )
    op.create_table('leerlijn_feedback_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['work_id'], ['leerlijn_work.id'], name=op.f('fk_leerlijn_feedback_invites_work_id_leerlijn_work'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leerlijn_feedback_invites'))
    )
    with op.batch_alter_table('leerlijn_feedback_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leerlijn_feedback_invites_work_id'), ['work_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('leerlijn_feedback_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leerlijn_feedback_invites_work_id'))

    op.drop_table('leerlijn_feedback_invites')
    op.drop_table('leerlijn_feedback')
    with op.batch_alter_table('leerlijn_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leerlijn_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_leerlijn_attendance_learner_id'))

    op.drop_table('leerlijn_attendance')
    with op.batch_alter_table('leerlijn_work', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leerlijn_work_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_leerlijn_work_learner_id'))
        batch_op.drop_index(batch_op.f('ix_leerlijn_work_context_id'))

    op.drop_table('leerlijn_work')
    with op.batch_alter_table('leerlijn_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leerlijn_sessions_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_leerlijn_sessions_context_id'))

    op.drop_table('leerlijn_sessions')
    with op.batch_alter_table('leerlijn_completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leerlijn_completions_learner_id'))
        batch_op.drop_index(batch_op.f('ix_leerlijn_completions_context_id'))

    op.drop_table('leerlijn_completions')
