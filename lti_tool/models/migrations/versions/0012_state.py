"""Race-free state: blocks done as rows, idempotency keys, one open zelfscan per learner

- ``module_blocks_done``: one row per block a learner has done (unique per progress row
  and block); the ``module_progress.blocks_done`` JSON lists move into it, then the
  column goes.
- ``form_submissions``: the idempotency keys of form posts.
- ``zelfscan_scans``: at most one open scan per learner, course context and framework
  (partial unique indexes). Where a learner already has several open scans, the newest
  stays open (it is the one the tool shows) and the older ones become ``abandoned``.

Revision ID: 0012_state
Revises: 0011_grades
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_state"
down_revision = "0011_grades"
branch_labels = None
depends_on = None

OPEN_WHERE = "status = 'open' AND context_id IS NOT NULL"
OPEN_NO_CONTEXT_WHERE = "status = 'open' AND context_id IS NULL"


def upgrade() -> None:
    op.create_table(
        "module_blocks_done",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("progress_id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["progress_id"], ["module_progress.id"],
                                name=op.f("fk_module_blocks_done_progress_id_module_progress"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_blocks_done")),
        sa.UniqueConstraint("progress_id", "block_id",
                            name=op.f("uq_module_blocks_done_progress_id_block_id")),
    )
    _move_blocks_done_into_rows()
    with op.batch_alter_table("module_progress") as batch_op:
        batch_op.drop_column("blocks_done")

    op.create_table(
        "form_submissions",
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=2000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("path", "key", name=op.f("pk_form_submissions")),
    )
    op.create_index(op.f("ix_form_submissions_created_at"), "form_submissions", ["created_at"],
                    unique=False)

    _abandon_older_open_scans()
    op.create_index("uq_zelfscan_scans_open", "zelfscan_scans",
                    ["learner_id", "context_id", "framework_id"], unique=True,
                    postgresql_where=sa.text(OPEN_WHERE), sqlite_where=sa.text(OPEN_WHERE))
    op.create_index("uq_zelfscan_scans_open_no_context", "zelfscan_scans",
                    ["learner_id", "framework_id"], unique=True,
                    postgresql_where=sa.text(OPEN_NO_CONTEXT_WHERE),
                    sqlite_where=sa.text(OPEN_NO_CONTEXT_WHERE))


def _move_blocks_done_into_rows() -> None:
    connection = op.get_bind()
    progress = sa.table("module_progress", sa.column("id", sa.Integer),
                        sa.column("blocks_done", sa.JSON), sa.column("updated_at", sa.DateTime))
    done = sa.table("module_blocks_done", sa.column("progress_id", sa.Integer),
                    sa.column("block_id", sa.String), sa.column("created_at", sa.DateTime))
    rows = []
    for progress_id, blocks, updated_at in connection.execute(
            sa.select(progress.c.id, progress.c.blocks_done, progress.c.updated_at)):
        for block_id in dict.fromkeys(blocks or []):
            rows.append({"progress_id": progress_id, "block_id": str(block_id),
                         "created_at": updated_at})
    if rows:
        connection.execute(done.insert(), rows)


def _abandon_older_open_scans() -> None:
    connection = op.get_bind()
    scans = sa.table("zelfscan_scans", sa.column("id", sa.Integer), sa.column("learner_id", sa.Integer),
                     sa.column("context_id", sa.Integer), sa.column("framework_id", sa.String),
                     sa.column("status", sa.String))
    newest: dict[tuple, int] = {}
    older: list[int] = []
    for scan_id, learner_id, context_id, framework_id in connection.execute(
            sa.select(scans.c.id, scans.c.learner_id, scans.c.context_id, scans.c.framework_id)
            .where(scans.c.status == "open").order_by(scans.c.id.desc())):
        key = (learner_id, context_id, framework_id)
        if key in newest:
            older.append(scan_id)
        else:
            newest[key] = scan_id
    if older:
        connection.execute(scans.update().where(scans.c.id.in_(older)).values(status="abandoned"))


def downgrade() -> None:
    op.drop_index("uq_zelfscan_scans_open_no_context", table_name="zelfscan_scans")
    op.drop_index("uq_zelfscan_scans_open", table_name="zelfscan_scans")
    op.drop_index(op.f("ix_form_submissions_created_at"), table_name="form_submissions")
    op.drop_table("form_submissions")
    with op.batch_alter_table("module_progress") as batch_op:
        batch_op.add_column(sa.Column("blocks_done", sa.JSON(), nullable=False,
                                      server_default="[]"))
    connection = op.get_bind()
    done = sa.table("module_blocks_done", sa.column("id", sa.Integer),
                    sa.column("progress_id", sa.Integer), sa.column("block_id", sa.String))
    progress = sa.table("module_progress", sa.column("id", sa.Integer),
                        sa.column("blocks_done", sa.JSON))
    lists: dict[int, list[str]] = {}
    for progress_id, block_id in connection.execute(
            sa.select(done.c.progress_id, done.c.block_id).order_by(done.c.id)):
        lists.setdefault(progress_id, []).append(block_id)
    for progress_id, blocks in lists.items():
        connection.execute(progress.update().where(progress.c.id == progress_id)
                           .values(blocks_done=blocks))
    op.drop_table("module_blocks_done")
