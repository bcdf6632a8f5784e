"""Structured logs (one JSON object per line) with the request id of every request.

Query strings are never logged: they may carry a launch token. Path parts that are
secrets themselves (a Samenleer invite ``/s/<invite>/...``, a feedback link ``/f/<invite>/``,
a check-in QR code) are logged as ``[redacted]``.
An incoming ``X-Request-ID`` is kept only when it is a short, plain id; otherwise the
request gets a new one, so nothing a client sends ends up in our headers or logs as is.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
SECRET_WORDS = ("secret", "password", "token", "private", "assertion", "authorization")
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
# The first path segment after these prefixes is a secret (the Samenleer invite token).
# Paths that carry a secret: Samenleer invitations and one-time registration links.
SECRET_PATH = re.compile(r"^(/s/|/f/|/leerlijn/inchecken/|/lti/register/)[^/]+")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            data["request_id"] = g.request_id
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            data[key] = "[redacted]" if any(w in key.lower() for w in SECRET_WORDS) else value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


class PlainFormatter(JsonFormatter):
    """For a person at a terminal (``make run``): one line, extras as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        data = json.loads(super().format(record))
        head = f"{data.pop('time')} {data.pop('level').upper():7} {data.pop('logger')}: {data.pop('message')}"
        exception = data.pop("exception", None)
        line = " ".join([head, *(f"{key}={value}" for key, value in data.items())])
        return f"{line}\n{exception}" if exception else line


def configure_logging(json_logs: bool = True, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_lti_tool", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._lti_tool = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if json_logs else PlainFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def loggable_path(path: str) -> str:
    """``path`` without the secrets some paths carry."""
    return SECRET_PATH.sub(r"\1[redacted]", path)


def install_request_logging(app: Flask) -> None:
    log = logging.getLogger("lti_tool.request")

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        log.info("request", extra={"method": request.method, "path": loggable_path(request.path),
                                   "status": response.status_code, "ms": round(elapsed, 1)})
        return response
