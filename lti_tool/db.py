"""Engine and session handling: one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker


def make_engine(database_url: str, pool_size: int = 10, max_overflow: int = 10) -> Engine:
    """Create an engine with settings that suit the backend.

    SQLite gets WAL and a busy timeout so the in-process worker and the web
    threads can write without 'database is locked' errors: a writer waits for
    the one before it. The driver opens a transaction only at the first write,
    so a request never upgrades an older read snapshot to a write (the case
    where SQLite fails at once instead of waiting).
    """
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url,
            connect_args={"check_same_thread": False, "timeout": 30},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(database_url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


class Database:
    """Holds the engine and a session factory; shared by the app, the CLI and the worker."""

    def __init__(self, database_url: str, pool_size: int = 10, max_overflow: int = 10) -> None:
        self.url = database_url
        self.engine = make_engine(database_url, pool_size, max_overflow)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._side: Database | None = None

    def side(self) -> Database:
        """A small pool of its own for short transactions that must commit on their own
        (the single-use login state and nonces) while a request holds a connection.

        From the request's own pool, every request would hold one connection and wait for
        a second: 25 simultaneous launches emptied the pool and waited until its timeout.
        """
        if self.url in ("sqlite://", "sqlite:///:memory:"):
            return self  # an in-memory database exists only on its own engine
        if self._side is None:
            self._side = Database(self.url, pool_size=2, max_overflow=3)
        return self._side

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._side is not None:
            self._side.dispose()


def upsert_insert(session: Session, target: Any) -> Any:
    """An ``INSERT`` for ``target`` (a model or table) in the session's dialect.

    It offers ``on_conflict_do_nothing()`` and ``on_conflict_do_update()``, which
    PostgreSQL and SQLite both understand: the way to make a write idempotent
    under a unique constraint instead of racing a read against it.
    """
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(target)
