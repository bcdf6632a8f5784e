"""Readable errors: an HTML page for people, RFC 9457 problem details for programs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .marker import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusText:
    """What a person reads for an HTTP status: what happened, and what they can do now."""

    title: str
    advice: str


# Plain Dutch (translated where shown, in error.html) for every status a person may meet.
STATUS_TEXTS: dict[int, StatusText] = {
    400: StatusText(N_("Dit verzoek klopt niet"),
                    N_("Ga terug en probeer het opnieuw. Open de activiteit anders opnieuw vanuit "
                       "je leeromgeving.")),
    401: StatusText(N_("We weten niet wie je bent"),
                    N_("Open de activiteit opnieuw vanuit je leeromgeving.")),
    403: StatusText(N_("Dit mag je niet openen"),
                    N_("Denk je dat je hier wel bij moet kunnen? Vraag het je docent of de beheerder.")),
    404: StatusText(N_("Deze pagina bestaat niet"),
                    N_("Controleer de link, of ga terug naar de vorige pagina.")),
    405: StatusText(N_("Deze pagina werkt niet zo"),
                    N_("Ga terug naar de vorige pagina en gebruik de knoppen op de pagina.")),
    409: StatusText(N_("Dit is intussen veranderd"),
                    N_("Laad de pagina opnieuw en probeer het nog een keer.")),
    410: StatusText(N_("Deze link werkt niet meer"),
                    N_("Vraag om een nieuwe link.")),
    413: StatusText(N_("Dit is te groot"),
                    N_("Maak je antwoord of bestand kleiner en probeer het opnieuw.")),
    415: StatusText(N_("Dit soort gegevens kunnen we niet lezen"),
                    N_("Ga terug en probeer het opnieuw.")),
    422: StatusText(N_("Dit konden we niet verwerken"),
                    N_("Controleer wat je hebt ingevuld en probeer het opnieuw.")),
    429: StatusText(N_("Even te veel tegelijk"),
                    N_("Wacht een minuut en probeer het dan opnieuw.")),
    500: StatusText(N_("Er ging iets mis"),
                    N_("Probeer het opnieuw. Blijft het misgaan, meld het dan bij de beheerder en "
                       "noem de technische gegevens hieronder.")),
    503: StatusText(N_("De tool is even niet bereikbaar"),
                    N_("Probeer het over een paar minuten opnieuw.")),
}


def status_text(status: int) -> StatusText:
    """The page text for ``status``; an unlisted status falls back to its class (4xx or 5xx)."""
    return STATUS_TEXTS.get(status) or STATUS_TEXTS[500 if status >= 500 else 400]


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
                           action=action, advice=status_text(status).advice)
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
        status = error.code or 500
        if _wants_json():  # programs keep the standard HTTP wording
            return problem_response(status, error.name, error.description or "")
        # People get the page's language; Werkzeug's English default text is not shown. A
        # description our own code gave (``abort(400, _("..."))``) is already translated.
        own = error.description if error.description != type(error).description else ""
        return problem_response(status, status_text(status).title, own or "")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error")
        return problem_response(500, status_text(500).title)
