"""learners are keyed by organisation, issuer and sub; learners shared across organisations are split

Until now a learner was unique per (issuer, sub), so a registration of another
organisation with the same issuer string shared (and renamed) her. From here on the
organisation is part of the key. Existing rows are carried over:

* a learner whose rows all belong to her own organisation keeps them, unchanged;
* a learner who was also reached through another organisation's registration gets a
  learner of her own in that organisation, and the rows that clearly belong there move
  to it: launch sessions (by their registration), progress, answers, zelfscan paths and
  consents (by their course context), zelfscan scans and Samenleer tracks (by their
  organisation). Rows without a course context cannot be told apart; they stay with
  the original learner.

Downgrade merges the split learners back into the oldest one per (issuer, sub).

Revision ID: 0013_tenancy
Revises: 0012_state
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_tenancy"
down_revision = "0012_state"
branch_labels = None
depends_on = None

# Table and column names below are this file's constants, never input (hence the S608 noqa).
ORG_OF_REGISTRATION = "SELECT id FROM platform_registrations WHERE organisation_id = :org"
ORG_OF_CONTEXT = ("SELECT c.id FROM course_contexts c JOIN platform_registrations r "
                  "ON r.id = c.registration_id WHERE r.organisation_id = :org")
# table, its learner column, and the rows of it that belong to organisation :org
OWNED_ROWS = (
    ("launch_sessions", "learner_id", f"registration_id IN ({ORG_OF_REGISTRATION})"),
    ("module_progress", "learner_id", f"context_id IN ({ORG_OF_CONTEXT})"),
    ("answers", "learner_id", f"context_id IN ({ORG_OF_CONTEXT})"),
    ("zelfscan_paths", "learner_id", f"context_id IN ({ORG_OF_CONTEXT})"),
    ("zelfscan_consents", "learner_id", f"context_id IN ({ORG_OF_CONTEXT})"),
    ("zelfscan_scans", "learner_id", "organisation_id = :org"),
    ("samenleer_tracks", "owner_id", "organisation_id = :org"),
)
# every (learner, organisation) a row points to
ROW_ORGANISATIONS = " UNION ".join([
    "SELECT s.learner_id AS learner_id, r.organisation_id AS org FROM launch_sessions s "
    "JOIN platform_registrations r ON r.id = s.registration_id",
    *[f"SELECT t.learner_id, r.organisation_id FROM {table} t "  # noqa: S608
      "JOIN course_contexts c ON c.id = t.context_id "
      "JOIN platform_registrations r ON r.id = c.registration_id"
      for table in ("module_progress", "answers", "zelfscan_paths", "zelfscan_consents")],
    "SELECT learner_id, organisation_id FROM zelfscan_scans",
    "SELECT owner_id, organisation_id FROM samenleer_tracks",
])


def upgrade() -> None:
    with op.batch_alter_table("learners") as batch_op:
        batch_op.drop_constraint("uq_learners_issuer_sub", type_="unique")
        batch_op.create_unique_constraint("uq_learners_organisation_id_issuer_sub",
                                          ["organisation_id", "issuer", "sub"])
    connection = op.get_bind()
    foreign = connection.execute(sa.text(
        f"SELECT DISTINCT u.learner_id, u.org FROM ({ROW_ORGANISATIONS}) u "  # noqa: S608
        "JOIN learners l ON l.id = u.learner_id WHERE l.organisation_id <> u.org "
        "ORDER BY u.learner_id, u.org")).all()
    for learner_id, org in foreign:
        connection.execute(sa.text(
            "INSERT INTO learners (organisation_id, issuer, sub, name, email, created_at) "
            "SELECT :org, issuer, sub, name, email, created_at FROM learners WHERE id = :old"),
            {"org": org, "old": learner_id})
        new_id = connection.execute(sa.text(
            "SELECT n.id FROM learners n JOIN learners o ON o.issuer = n.issuer AND o.sub = n.sub "
            "WHERE o.id = :old AND n.organisation_id = :org"), {"org": org, "old": learner_id}).scalar_one()
        for table, column, belongs in OWNED_ROWS:
            connection.execute(sa.text(
                f"UPDATE {table} SET {column} = :new WHERE {column} = :old AND {belongs}"),  # noqa: S608
                {"new": new_id, "old": learner_id, "org": org})


def downgrade() -> None:
    connection = op.get_bind()
    copies = connection.execute(sa.text(
        "SELECT l.id, (SELECT min(o.id) FROM learners o WHERE o.issuer = l.issuer AND o.sub = l.sub) "
        "FROM learners l")).all()
    for learner_id, first_id in copies:
        if learner_id == first_id:
            continue
        for table, column, _belongs in OWNED_ROWS:
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :first WHERE {column} = :copy"),  # noqa: S608
                               {"first": first_id, "copy": learner_id})
        connection.execute(sa.text("DELETE FROM learners WHERE id = :copy"), {"copy": learner_id})
    with op.batch_alter_table("learners") as batch_op:
        batch_op.drop_constraint("uq_learners_organisation_id_issuer_sub", type_="unique")
        batch_op.create_unique_constraint("uq_learners_issuer_sub", ["issuer", "sub"])
