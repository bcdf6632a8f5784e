"""Shared fixtures: a migrated real database per test, the app, and a live HTTP server.

The database is SQLite by default. With ``TEST_DATABASE_URL`` set to a PostgreSQL
URL, every test gets its own fresh PostgreSQL database cloned from a migrated
template, so tests stay independent and fast on both backends.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from lti_tool import create_app
from lti_tool.migrate import upgrade
from lti_tool.settings import PROJECT_ROOT, Settings

pytest_plugins = ["tests.browser_support"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _PostgresTemplate:
    """A migrated template database; each test gets ``CREATE DATABASE .. TEMPLATE``."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = f"lti_tool_tpl_{os.getpid()}"
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}"'))
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
        self.template_url = self.url.set(database=self.template).render_as_string(
            hide_password=False)

    def new_database(self) -> str:
        name = f"lti_tool_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        self.admin.dispose()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only", action="store_true",
        help="run only the tests that touch the database (the fixture database_url or the "
             "marker database): the PostgreSQL pass of `make test`, where the rest would "
             "repeat the SQLite pass exactly")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    keep, drop = [], []
    for item in items:
        touches_database = ("database_url" in getattr(item, "fixturenames", ())
                            or item.get_closest_marker("database") is not None)
        (keep if touches_database else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def port() -> int:
    """One port for the session: the migrated template already knows the URLs."""
    return free_port()


def make_settings(database_url: str, instance: Path, port: int) -> Settings:
    instance.mkdir(parents=True, exist_ok=True)
    return Settings(
        environment="test",
        base_url=f"http://127.0.0.1:{port}",
        devlms_base_url=f"http://localhost:{port}/devlms",
        database_url=database_url,
        secret_key="test-secret-key-" + uuid.uuid4().hex,
        instance_dir=instance,
        content_dir=PROJECT_ROOT / "content_packages",
        devlms_enabled=True,
        log_json=True,
        # The tool and the development LMS answer on the loopback interface.
        egress_allow_hosts=("127.0.0.1", "localhost"),
    )


def _prepare_template(url: str, instance: Path, port: int) -> None:
    """Migrate, then start the app once so keys and the development LMS exist in the template.

    Generating RSA keys is the slowest part of a test's setup; every test database
    is a copy of this template, so each test starts with them in place.
    """
    from lti_tool.lti.keys import ensure_tool_key

    upgrade(url)
    app = create_app(make_settings(url, instance, port))
    with app.extensions["db"].session() as session:
        ensure_tool_key(session)
    app.extensions["db"].dispose()


@pytest.fixture(scope="session")
def _db_template(tmp_path_factory, port) -> Iterator[object]:
    instance = tmp_path_factory.mktemp("template-instance")
    if TEST_DATABASE_URL:
        template = _PostgresTemplate(TEST_DATABASE_URL)
        _prepare_template(template.template_url, instance, port)
        yield template
        template.close()
    else:
        path = tmp_path_factory.mktemp("dbtemplate") / "template.sqlite3"
        _prepare_template(f"sqlite:///{path}", instance, port)
        yield path


@pytest.fixture
def database_url(_db_template, tmp_path) -> Iterator[str]:
    if isinstance(_db_template, _PostgresTemplate):
        url = _db_template.new_database()
        yield url
        _db_template.drop(url)
    else:
        target = tmp_path / "test.sqlite3"
        shutil.copy(_db_template, target)
        yield f"sqlite:///{target}"


@pytest.fixture
def settings(database_url, tmp_path, port) -> Settings:
    return make_settings(database_url, tmp_path / "instance", port)


@pytest.fixture
def app(settings):
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app, port) -> Iterator[str]:
    """The app on a real socket: the tool at 127.0.0.1, the development LMS at localhost."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def repo_root() -> Path:
    return PROJECT_ROOT


ADMIN_TOKEN = "admin-token-for-the-tests-0123456789"  # noqa: S105 - a test value


@pytest.fixture
def admin_auth(app) -> tuple[str, str]:
    """Switch the admin pages on (``ADMIN_TOKEN`` in the settings); the Basic credentials."""
    app.extensions["settings"] = app.extensions["settings"].with_overrides(admin_token=ADMIN_TOKEN)
    return ("admin", ADMIN_TOKEN)
