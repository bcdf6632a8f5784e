"""Queued messages are written by the flush's own ``INSERT`` (``outbox.messages``), yet
behave as rows of the unit of work: in the caller's transaction, one statement for a
flush's messages (PostgreSQL), persistent objects with ids in the order they were queued."""

from __future__ import annotations

from sqlalchemy import event, func, inspect, select

from lti_tool.models import OutboxMessage
from lti_tool.outbox import enqueue


def _queue(session, name: str) -> OutboxMessage:
    return enqueue(session, kind="test", target="test:1", payload={"name": name})


def test_a_flush_inserts_its_messages_in_one_statement_in_order(app):
    database = app.extensions["db"]
    inserts: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            inserts.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.session() as session:
            first, second = _queue(session, "first"), _queue(session, "second")
            session.flush()
            assert len(inserts) == (2 if database.is_sqlite else 1)
            assert first.id < second.id
            assert inspect(first).persistent and inspect(second).persistent
            assert session.get(OutboxMessage, second.id) is second
            # Another flush with nothing new sends nothing.
            session.flush()
            assert len(inserts) == (2 if database.is_sqlite else 1)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    with database.session() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(row.payload["name"], row.status, row.attempts) for row in rows] == [
            ("first", "pending", 0), ("second", "pending", 0)]


def test_a_query_sees_a_queued_message_and_a_rollback_discards_it(app):
    database = app.extensions["db"]
    session = database.session_factory()
    try:
        _queue(session, "rolled back")
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # autoflush
        session.rollback()
    finally:
        session.close()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_message_built_by_hand_is_left_to_the_unit_of_work(app):
    with app.extensions["db"].session() as session:
        message = OutboxMessage(kind="test", target="test:1", payload={})
        session.add(message)
        session.flush()
        assert (message.status, message.attempts) == ("pending", 0)  # the columns' defaults
