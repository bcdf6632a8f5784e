"""A real Ralph LRS for the tests, and a validator built on Ralph's xAPI models.

Ralph pins its own FastAPI stack, so it lives in its own virtualenv (``.venv-ralph``,
made by ``make test``). This file has two halves:

* run as a script with that virtualenv's Python, it serves the LRS (``serve``) or
  validates statements read from stdin (``validate``);
* imported by the tests, :class:`RalphLrs` starts and stops that server and
  :func:`validate_statements` runs the validator.

Ralph 5.1.0's file-system backend has two defects that the ``serve`` half mends
before the app is imported: it writes with operation type CREATE, so only the first
POST succeeds (we append instead), and it compares ``verb``/``activity`` query
parameters (pydantic IRI objects) to strings, so those filters never match.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RALPH_PYTHON = ROOT / ".venv-ralph" / "bin" / "python"
XAPI_VERSION = "1.0.3"


# --- the half that runs inside .venv-ralph ------------------------------------------

def _mend_fs_backend() -> None:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    by_verb = FSLRSBackend._add_filter_by_verb
    by_activity = FSLRSBackend._add_filter_by_activity
    FSLRSBackend._add_filter_by_verb = staticmethod(
        lambda filters, verb_id: by_verb(filters, str(verb_id) if verb_id else None))
    FSLRSBackend._add_filter_by_activity = staticmethod(
        lambda filters, object_id, related: by_activity(
            filters, str(object_id) if object_id else None, related))


def _serve(port: int, directory: Path, username: str, password: str) -> None:
    import bcrypt

    directory.mkdir(parents=True, exist_ok=True)
    auth_file = directory / "auth.json"
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    auth_file.write_text(json.dumps([{
        "agent": {"mbox": "mailto:lti-tool@example.org", "objectType": "Agent"},
        "scopes": ["all"], "hash": password_hash, "username": username}]))
    os.environ.update({
        "RALPH_APP_DIR": str(directory),
        "RALPH_AUTH_FILE": str(auth_file),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "100000",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data"),
    })
    (directory / "data").mkdir(exist_ok=True)
    _mend_fs_backend()
    import uvicorn
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _validate() -> None:
    """Read a JSON list of statements; print a JSON list with one error (or null) each.

    Every statement must be a valid ``BaseXapiStatement``. A statement that claims an
    xAPI profile in ``context.contextActivities.category`` (e.g. the video profile)
    must also satisfy the model Ralph's selector picks for it from that profile.
    """
    from ralph.models.selector import ModelSelector
    from ralph.models.validator import Validator
    from ralph.models.xapi.base.statements import BaseXapiStatement

    validator = Validator(ModelSelector(module="ralph.models.xapi"))
    errors: list[str | None] = []
    for statement in json.load(sys.stdin):
        categories = statement.get("context", {}).get("contextActivities", {}).get("category", [])
        claims_profile = any(c.get("id", "").startswith("https://w3id.org/xapi/video")
                             for c in categories)
        try:
            BaseXapiStatement(**statement)
            if claims_profile:
                validator.get_first_valid_model(statement)
            errors.append(None)
        except Exception as exc:  # noqa: BLE001 - ValidationError or UnknownEventException
            errors.append(f"{type(exc).__name__}: {exc}")
    json.dump(errors, sys.stdout)


# --- the half the tests import ------------------------------------------------------

def require_ralph() -> None:
    """Fail loudly (never skip) when the Ralph virtualenv is missing."""
    if not RALPH_PYTHON.exists():
        raise RuntimeError(f"{RALPH_PYTHON} is missing: run `make test` (it creates .venv-ralph) "
                           "or `make .venv-ralph/.installed`.")


def validate_statements(statements: list[dict]) -> list[str | None]:
    """Validate statements with Ralph's pydantic xAPI models; one error or None per statement."""
    require_ralph()
    result = subprocess.run([str(RALPH_PYTHON), __file__, "validate"], input=json.dumps(statements),
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


class RalphLrs:
    """A Ralph LRS process on 127.0.0.1:<port>, storing statements under ``directory``."""

    username = "lti-tool"
    password = "ralph-test-secret"  # noqa: S105 - a throwaway credential for a local test LRS

    def __init__(self, port: int, directory: Path) -> None:
        self.port = port
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        """The xAPI base URL; statements live at ``<endpoint>/statements``."""
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self, timeout: float = 60.0) -> None:
        require_ralph()
        self.process = subprocess.Popen(
            [str(RALPH_PYTHON), __file__, "serve", str(self.port), str(self.directory),
             self.username, self.password],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Ralph LRS exited: " + self.process.stderr.read().decode()[-2000:])
            if self.is_up():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph LRS did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def is_up(self) -> bool:
        import requests

        try:
            return requests.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).ok
        except requests.RequestException:
            return False

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds (raw from its store, so duplicates would show)."""
        path = self.directory / "data" / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def query(self, **params: str) -> list[dict[str, Any]]:
        """``GET /xAPI/statements`` with xAPI query parameters, through the HTTP API."""
        import requests

        response = requests.get(self.endpoint + "/statements", params={"limit": "0", **params},
                                auth=(self.username, self.password),
                                headers={"X-Experience-API-Version": XAPI_VERSION}, timeout=10)
        response.raise_for_status()
        return response.json()["statements"]

    def clear(self) -> None:
        path = self.directory / "data" / "fs_lrs.jsonl"
        if path.exists():
            path.unlink()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        _serve(int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif sys.argv[1] == "validate":
        _validate()
