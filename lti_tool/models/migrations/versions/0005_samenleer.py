"""Samenleer tracks, invites, rounds, answers, meetings, retention and code attempts

Revision ID: 0005_samenleer
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_samenleer"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('samenleer_code_attempts',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_samenleer_code_attempts'))
    )
    op.create_table('samenleer_retention',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_samenleer_retention_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_samenleer_retention'))
    )
    op.create_table('samenleer_tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('visual', sa.Boolean(), nullable=False),
    sa.Column('interval_weeks', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=True),
    sa.Column('code_salt', sa.String(length=64), nullable=False),
    sa.Column('guest_deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_samenleer_tracks_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['owner_id'], ['learners.id'], name=op.f('fk_samenleer_tracks_owner_id_learners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samenleer_tracks'))
    )
    with op.batch_alter_table('samenleer_tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samenleer_tracks_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_samenleer_tracks_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_samenleer_tracks_owner_id'), ['owner_id'], unique=False)

    op.create_table('samenleer_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['samenleer_tracks.id'], name=op.f('fk_samenleer_invites_track_id_samenleer_tracks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samenleer_invites'))
    )
    with op.batch_alter_table('samenleer_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samenleer_invites_track_id'), ['track_id'], unique=False)

    op.create_table('samenleer_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['samenleer_tracks.id'], name=op.f('fk_samenleer_meetings_track_id_samenleer_tracks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samenleer_meetings'))
    )
    with op.batch_alter_table('samenleer_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samenleer_meetings_track_id'), ['track_id'], unique=False)

    op.create_table('samenleer_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('pro_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('guest_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('agreements', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['samenleer_tracks.id'], name=op.f('fk_samenleer_rounds_track_id_samenleer_tracks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samenleer_rounds')),
    sa.UniqueConstraint('track_id', 'number', name=op.f('uq_samenleer_rounds_track_id_number'))
    )
    with op.batch_alter_table('samenleer_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samenleer_rounds_track_id'), ['track_id'], unique=False)

    op.create_table('samenleer_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('theme_id', sa.String(length=120), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['samenleer_rounds.id'], name=op.f('fk_samenleer_answers_round_id_samenleer_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samenleer_answers')),
    sa.UniqueConstraint('round_id', 'side', 'theme_id', name=op.f('uq_samenleer_answers_round_id_side_theme_id'))
    )
    with op.batch_alter_table('samenleer_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samenleer_answers_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('samenleer_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samenleer_answers_round_id'))

    op.drop_table('samenleer_answers')
    with op.batch_alter_table('samenleer_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samenleer_rounds_track_id'))

    op.drop_table('samenleer_rounds')
    with op.batch_alter_table('samenleer_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samenleer_meetings_track_id'))

    op.drop_table('samenleer_meetings')
    with op.batch_alter_table('samenleer_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samenleer_invites_track_id'))

    op.drop_table('samenleer_invites')
    with op.batch_alter_table('samenleer_tracks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samenleer_tracks_owner_id'))
        batch_op.drop_index(batch_op.f('ix_samenleer_tracks_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_samenleer_tracks_last_activity_at'))

    op.drop_table('samenleer_tracks')
    op.drop_table('samenleer_retention')
    op.drop_table('samenleer_code_attempts')
