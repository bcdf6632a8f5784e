"""Rate-limit counters for every limit (wrong personal codes, admin logins), counted atomically

Replaces ``samenleer_code_attempts``. Tracks that are locked right now stay locked until
the same moment; counts that locked nothing are not carried over (they only ever slowed
a guesser down).

Revision ID: 0014_hardening
Revises: 0013_tenancy
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014_hardening"
down_revision = "0013_tenancy"
branch_labels = None
depends_on = None

TRACK_WINDOW_MS = 15 * 60 * 1000
TRACK_LIMIT = 5


def upgrade() -> None:
    counters = op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("resets_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )
    op.create_index(op.f("ix_rate_limit_counters_resets_at"), "rate_limit_counters", ["resets_at"])
    attempts = sa.table("samenleer_code_attempts", sa.column("key", sa.String),
                        sa.column("locked_until", sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    carried = []
    for key, locked_until in op.get_bind().execute(
            sa.select(attempts.c.key, attempts.c.locked_until)
            .where(attempts.c.key.like("track:%"), attempts.c.locked_until.is_not(None))):
        until = locked_until if locked_until.tzinfo else locked_until.replace(tzinfo=UTC)
        if until > now:
            carried.append({"key": f"samenleer-{key}:{TRACK_WINDOW_MS}", "hits": TRACK_LIMIT,
                            "resets_at": int(until.timestamp() * 1000)})
    if carried:
        op.bulk_insert(counters, carried)
    op.drop_table("samenleer_code_attempts")


def downgrade() -> None:
    op.create_table(
        "samenleer_code_attempts",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_samenleer_code_attempts")),
    )
    op.drop_index(op.f("ix_rate_limit_counters_resets_at"), table_name="rate_limit_counters")
    op.drop_table("rate_limit_counters")
