"""The devlms tables as they are now; adopts a database from before these migrations

Until this revision the devlms made its tables with ``create_all`` at startup and added
later nullable columns with ``ALTER TABLE`` itself. On such a database the tables exist:
this revision keeps them and their rows, and adds only the nullable columns an older one
lacks. On a new database it creates every table.

Revision ID: 0001_devlms_baseline
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_devlms_baseline"
down_revision = None
branch_labels = ("devlms",)
depends_on = None

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
AWARE = sa.DateTime(timezone=True)

sa.Table(
    "devlms_courses", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("context_id", sa.String(100), nullable=False, unique=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
)
sa.Table(
    "devlms_keys", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("kid", sa.String(100), nullable=False, unique=True),
    sa.Column("private_pem", sa.Text(), nullable=False),
    sa.Column("public_jwk", sa.JSON(), nullable=False),
    sa.Column("created_at", AWARE, nullable=False),
)
sa.Table(
    "devlms_registration_tokens", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("registration_url", sa.String(1000), nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("expires_at", AWARE, nullable=False),
    sa.Column("used_at", AWARE, nullable=True),
    sa.Column("client_id", sa.String(100), nullable=True),
    sa.Column("behaviour", sa.String(30), nullable=True),
)
sa.Table(
    "devlms_tools", metadata,
    sa.Column("client_id", sa.String(100), primary_key=True),
    sa.Column("deployment_id", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("initiate_login_uri", sa.String(1000), nullable=False),
    sa.Column("target_link_uri", sa.String(1000), nullable=False),
    sa.Column("deep_link_uri", sa.String(1000), nullable=True),
    sa.Column("jwks_uri", sa.String(1000), nullable=False),
    sa.Column("redirect_uris", sa.JSON(), nullable=False),
    sa.Column("scopes", sa.JSON(), nullable=False),
    sa.Column("registration", sa.JSON(), nullable=False),
    sa.Column("created_at", AWARE, nullable=False),
    sa.Column("behaviour", sa.String(30), nullable=True),
    sa.Column("placements", sa.JSON(), nullable=True),
)
sa.Table(
    "devlms_used_assertions", metadata,
    sa.Column("jti", sa.String(255), primary_key=True),
    sa.Column("expires_at", AWARE, nullable=False, index=True),
)
sa.Table(
    "devlms_users", metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("given_name", sa.String(100), nullable=False),
    sa.Column("family_name", sa.String(100), nullable=False),
    sa.Column("email", sa.String(200), nullable=False),
)
sa.Table(
    "devlms_enrolments", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("course_id", sa.Integer(), sa.ForeignKey("devlms_courses.id"), nullable=False),
    sa.Column("username", sa.String(100), sa.ForeignKey("devlms_users.username"), nullable=False),
    sa.UniqueConstraint("course_id", "username"),
)
sa.Table(
    "devlms_placements", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("course_id", sa.Integer(), sa.ForeignKey("devlms_courses.id"), nullable=False),
    sa.Column("resource_link_id", sa.String(100), nullable=False, unique=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("custom", sa.JSON(), nullable=False),
    sa.Column("created_at", AWARE, nullable=False),
    sa.Column("text", sa.Text(), nullable=True),
    sa.Column("tool_client_id", sa.String(100), nullable=True),
    sa.Column("target_link_uri", sa.String(1000), nullable=True),
)
sa.Table(
    "devlms_line_items", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("course_id", sa.Integer(), sa.ForeignKey("devlms_courses.id"), nullable=False,
              index=True),
    sa.Column("placement_id", sa.Integer(), sa.ForeignKey("devlms_placements.id"), nullable=True),
    sa.Column("label", sa.String(300), nullable=False),
    sa.Column("score_maximum", sa.Float(), nullable=False),
    sa.Column("resource_id", sa.String(255), nullable=True),
    sa.Column("tag", sa.String(255), nullable=True),
    sa.Column("start_date_time", sa.String(40), nullable=True),
    sa.Column("end_date_time", sa.String(40), nullable=True),
)
sa.Table(
    "devlms_scores", metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("line_item_id", sa.Integer(), sa.ForeignKey("devlms_line_items.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("username", sa.String(100), sa.ForeignKey("devlms_users.username"), nullable=False),
    sa.Column("score_given", sa.Float(), nullable=True),
    sa.Column("score_maximum", sa.Float(), nullable=True),
    sa.Column("activity_progress", sa.String(20), nullable=False),
    sa.Column("grading_progress", sa.String(20), nullable=False),
    sa.Column("timestamp", AWARE, nullable=False),
    sa.Column("comment", sa.Text(), nullable=True),
    sa.Column("received_at", AWARE, nullable=False),
    sa.Column("source", sa.String(20), nullable=True),
)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            table.create(bind)
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present and column.nullable:
                op.add_column(table.name, sa.Column(column.name, column.type, nullable=True))


def downgrade() -> None:
    for table in reversed(metadata.sorted_tables):
        op.drop_table(table.name)
