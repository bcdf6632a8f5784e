"""Readable errors: an HTML page for people, RFC 9457 problem details for programs."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An error a user or a calling program should understand.

    ``check`` names the failed check (for LTI launches: which validation step).
    """

    def __init__(self, status: int, title: str, detail: str = "", check: str | None = None,
                 action: tuple[str, str] | None = None):
        super().__init__(f"{title}: {detail}" if detail else title)
        self.status = status
        self.title = title
        self.detail = detail
        self.check = check
        # (url, label): what the person can do next, shown as a link on the page.
        self.action = action


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json",
                                                "application/problem+json"])
    return best in {"application/json", "application/problem+json"} or request.is_json


def problem_response(status: int, title: str, detail: str = "", check: str | None = None,
                     action: tuple[str, str] | None = None) -> Response:
    if _wants_json():
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        if check:
            body["check"] = check
        if action:
            body["action"] = action[0]
        response = jsonify(body)
        response.status_code = status
        response.mimetype = "application/problem+json"
        return response
    html = render_template("error.html", status=status, title=title, detail=detail, check=check,
                           action=action)
    return Response(html, status=status, mimetype="text/html")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ProblemError)
    def _problem(error: ProblemError):
        log.warning("request refused", extra={"status": error.status, "check": error.check,
                                              "title": error.title, "detail": error.detail})
        return problem_response(error.status, error.title, error.detail, error.check, error.action)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if (error.code or 500) >= 500:
            log.error("http error", extra={"status": error.code})
        else:
            log.info("http error", extra={"status": error.code})
        return problem_response(error.code or 500, error.name, error.description or "")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error")
        return problem_response(500, "Er ging iets mis",
                                "Probeer het opnieuw. Blijft het misgaan, meld het dan bij de "
                                "beheerder en noem de foutcode hieronder.")
