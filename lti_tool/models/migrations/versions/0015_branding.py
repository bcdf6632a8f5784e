"""organisations get a display name, the platform's own name and an uploaded logo

``display_name`` is what people see in every header (set on the branding page);
``platform_name`` is the ``tool_platform.name`` of the latest launch, shown while no
display name is set. Existing names are carried over as display names, except those
that only repeat the slug or are a host name (``127.0.0.1:8088``, ``moodle.school.nl``):
dynamic registration used to name organisations after the LMS's host.

Revision ID: 0015_branding
Revises: 0014_hardening
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0015_branding"
down_revision = "0014_hardening"
branch_labels = None
depends_on = None

# A frozen copy of ``lti_tool.branding.HOST`` (a migration never follows later code).
HOST = re.compile(r"^([a-z][a-z0-9+.-]*://)?[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?/?$", re.IGNORECASE)


def _is_display_name(name: str | None, slug: str) -> bool:
    """A name somebody chose: not the slug again, not a host (a dot, a port or a scheme makes one)."""
    name = (name or "").strip()
    if not name or name == slug:
        return False
    return not (HOST.match(name) and any(mark in name for mark in ".:/"))


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("platform_name", sa.String(length=200), nullable=True))
    op.create_table(
        "organisation_logos",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name=op.f("fk_organisation_logos_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_logos")),
    )
    organisations = sa.table("organisations", sa.column("id", sa.Integer),
                             sa.column("slug", sa.String), sa.column("name", sa.String),
                             sa.column("display_name", sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(organisations.c.id, organisations.c.slug,
                                            organisations.c.name)).all():
        if _is_display_name(row.name, row.slug):
            connection.execute(organisations.update().where(organisations.c.id == row.id)
                               .values(display_name=row.name.strip()))


def downgrade() -> None:
    op.drop_table("organisation_logos")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_column("platform_name")
        batch_op.drop_column("display_name")
