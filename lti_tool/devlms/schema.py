"""Additive schema upkeep for the devlms tables (they have no migrations).

``create_all`` creates missing tables but never alters existing ones, so a
developer's database from before a new nullable column would break. This adds
such columns; nothing is ever dropped or changed.
"""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, inspect, text


def add_missing_columns(engine: Engine, metadata: MetaData) -> list[str]:
    """``ALTER TABLE .. ADD COLUMN`` for every nullable model column the database lacks."""
    inspector = inspect(engine)
    added: list[str] = []
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        existing = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in existing or not column.nullable:
                continue
            column_type = column.type.compile(dialect=engine.dialect)
            with engine.begin() as connection:
                connection.execute(text(
                    f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {column_type}'))
            added.append(f"{table.name}.{column.name}")
    return added
