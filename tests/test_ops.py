"""Operations: settings, keys, health, request ids and logs."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from sqlalchemy import delete, func, select

from lti_tool.lti.keys import jwks
from lti_tool.models import ToolKey
from lti_tool.outbox.worker import run_forever
from lti_tool.settings import ConfigurationError, Settings


def test_production_needs_secret_and_base_url(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY, BASE_URL"):
        Settings.from_env({"LTI_TOOL_ENV": "production", "INSTANCE_DIR": str(tmp_path)})
    with pytest.raises(ConfigurationError, match="at least 32"):
        Settings.from_env({"LTI_TOOL_ENV": "production", "SECRET_KEY": "short",
                           "BASE_URL": "https://tool.example"})
    settings = Settings.from_env({"LTI_TOOL_ENV": "production", "SECRET_KEY": "x" * 40,
                                  "BASE_URL": "https://tool.example/"})
    assert settings.base_url == "https://tool.example"
    assert not settings.devlms_enabled and settings.secure_cookies
    assert "x" * 40 not in repr(settings)


def test_development_secret_is_generated_once_and_kept_private(tmp_path):
    first = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    second = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key and len(first.secret_key) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.database_url == f"sqlite:///{tmp_path / 'lti_tool.sqlite3'}"
    assert first.devlms_base_url == "http://localhost:5000/devlms"


def test_tool_key_is_generated_on_first_use_and_stored(app):
    database = app.extensions["db"]
    with database.session() as session:
        session.execute(delete(ToolKey))
    with database.session() as session:
        first = jwks(session)["keys"]
    with database.session() as session:
        again = jwks(session)["keys"]
        assert session.execute(select(func.count()).select_from(ToolKey)).scalar_one() == 1
    assert first == again and first[0]["alg"] == "RS256" and "d" not in first[0]


def test_health_reports_database_and_worker(app, client):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is True
    assert response.get_json()["checks"]["worker"]["ok"] is False

    stop = threading.Event()
    worker = threading.Thread(target=run_forever, args=(app.extensions["db"], stop, 0.05))
    worker.start()
    try:
        for _ in range(100):
            if client.get("/health").status_code == 200:
                break
            stop.wait(0.05)
        body = client.get("/health").get_json()
    finally:
        stop.set()
        worker.join(5)
    assert body["status"] == "ok" and body["checks"]["worker"]["ok"] is True


def test_request_id_is_returned_and_logged_without_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="lti_tool.request"):
        response = client.get("/learn?lt=secret-token-value", headers={"X-Request-ID": "abcdef123456"})
    assert response.headers["X-Request-ID"] == "abcdef123456"
    records = [r for r in caplog.records if r.name == "lti_tool.request"]
    assert records and records[-1].path == "/learn"
    from lti_tool.logging_setup import JsonFormatter
    line = JsonFormatter().format(records[-1])
    assert "secret-token-value" not in line
    assert json.loads(line)["status"] == 401


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_a_readable_404(client):
    response = client.get("/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "Traceback" not in response.get_data(as_text=True)
    problem = client.get("/nope", headers={"Accept": "application/json"})
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"
