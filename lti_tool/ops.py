"""Operations endpoints: the start page and health."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template
from sqlalchemy import text

from . import web

bp = Blueprint("ops", __name__)


@bp.get("/")
def index():
    return render_template("start.html", settings=web.settings())


@bp.get("/health")
def health() -> tuple[Response, int]:
    from .outbox.worker import worker_status

    checks: dict[str, dict] = {}
    try:
        web.db_session().execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:  # noqa: BLE001 - health reports any failure
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    checks["worker"] = worker_status(web.database())
    ok = all(check["ok"] for check in checks.values())
    return jsonify({"status": "ok" if ok else "fail", "checks": checks}), (200 if ok else 503)
