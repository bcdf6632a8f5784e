"""Fixtures for the outbox and xAPI tests: a real Ralph LRS, launches, LRS settings.

Registered with ``pytest_plugins = ["conftest_ralph"]`` in the test modules that
need it. Without ``.venv-ralph`` the Ralph fixtures fail (they never skip).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ralph_lrs import RalphLrs

from lti_tool.launch_context import Launch
from lti_tool.models import (
    CourseContext,
    Deployment,
    LaunchSession,
    Learner,
    Organisation,
    PlatformRegistration,
    ResourceLink,
    utcnow,
)
from lti_tool.outbox.worker import OutboxWorker
from lti_tool.settings import OutboxSettings
from lti_tool.web import launch_from_row
from lti_tool.xapi.lrs_config import save_lrs

LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@pytest.fixture(scope="session")
def ralph_server(tmp_path_factory) -> Iterator[RalphLrs]:
    from conftest import free_port

    server = RalphLrs(free_port(), tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ralph(ralph_server: RalphLrs) -> RalphLrs:
    """The running LRS, emptied for this test (and restarted if a test stopped it)."""
    if ralph_server.process is None:
        ralph_server.start()
    ralph_server.clear()
    return ralph_server


def make_organisation(session, slug: str) -> tuple[Organisation, PlatformRegistration]:
    organisation = Organisation(slug=slug, name=f"Organisatie {slug}")
    session.add(organisation)
    session.flush()
    issuer = f"https://lms.{slug}.example.org"
    registration = PlatformRegistration(
        organisation_id=organisation.id, name=f"LMS {slug}", issuer=issuer, client_id="client-1",
        auth_login_url=issuer + "/auth", auth_token_url=issuer + "/token", jwks_url=issuer + "/jwks")
    registration.deployments.append(Deployment(deployment_id="dep-1"))
    session.add(registration)
    session.flush()
    return organisation, registration


def make_launch_row(session, registration: PlatformRegistration, *, sub: str = "user-1",
                    name: str | None = "Sanne de Vries", email: str | None = "sanne@example.org",
                    content_item_id: str | None = "rol-van-de-werkbegeleider",
                    ags: dict | None = None) -> LaunchSession:
    learner = session.query(Learner).filter_by(issuer=registration.issuer, sub=sub).first()
    if learner is None:
        learner = Learner(organisation_id=registration.organisation_id, issuer=registration.issuer,
                          sub=sub, name=name, email=email)
        session.add(learner)
    context = CourseContext(registration_id=registration.id, context_id=f"ctx-{uuid.uuid4().hex[:6]}",
                            title="Cursus")
    session.add(context)
    session.flush()
    link = ResourceLink(registration_id=registration.id, context_id=context.id,
                        resource_link_id=f"rl-{uuid.uuid4().hex[:6]}", content_item_id=content_item_id)
    session.add(link)
    session.flush()
    row = LaunchSession(id=uuid.uuid4().hex, learner_id=learner.id, registration_id=registration.id,
                        deployment_id="dep-1", context_id=context.id, resource_link_id=link.id,
                        message_type="LtiResourceLinkRequest", roles=[LEARNER_ROLE], ags=ags,
                        expires_at=utcnow() + timedelta(hours=1))
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def org_launch(app) -> Callable[..., Launch]:
    """``org_launch(slug, **learner)``: an organisation (made once per slug) and a launch in it."""
    database = app.extensions["db"]

    def make(slug: str = "org-a", **kwargs) -> Launch:
        with database.session() as session:
            organisation = session.query(Organisation).filter_by(slug=slug).first()
            if organisation is None:
                _, registration = make_organisation(session, slug)
            else:
                registration = session.query(PlatformRegistration).filter_by(
                    organisation_id=organisation.id).first()
            return launch_from_row(make_launch_row(session, registration, **kwargs))

    return make


@pytest.fixture
def set_lrs(app) -> Callable[..., None]:
    """``set_lrs(organisation_id, endpoint, key, secret, enabled=True, identify=False)``."""
    database = app.extensions["db"]

    def configure(organisation_id: int, endpoint: str, key: str, secret: str | None, *,
                  enabled: bool = True, identify: bool = False) -> None:
        with database.session() as session:
            save_lrs(session, session.get(Organisation, organisation_id), app.config["SECRET_KEY"],
                     endpoint=endpoint, key=key, secret=secret, enabled=enabled,
                     identify_learners=identify)

    return configure


class MovableClock:
    """Wall clock and monotonic clock that tests move forward instead of sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self):
        return utcnow() + self.offset

    def monotonic(self) -> float:
        return 1_000_000.0 + self.offset.total_seconds()

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def make_worker(app, clock) -> Callable[..., OutboxWorker]:
    def make(**config) -> OutboxWorker:
        return OutboxWorker(app.extensions["db"], secret_key=app.config["SECRET_KEY"],
                            config=OutboxSettings(**config), now=clock.now, clock=clock.monotonic)

    return make


@pytest.fixture
def drain(clock) -> Callable[[OutboxWorker], None]:
    """``drain(worker)``: run rounds, moving time past every backoff, until nothing is tried."""

    def run(worker: OutboxWorker, rounds: int = 50) -> None:
        for _ in range(rounds):
            if not worker.deliver_due():
                clock.advance(4000)
                if not worker.deliver_due():
                    return

    return run


class HoldingProxy:
    """An HTTP proxy in front of the LRS that counts what arrives on the wire and can keep
    the answer to the next POST.

    ``posted`` counts every statement id in every POST body: Ralph de-duplicates by id, so
    only here can a second delivery of the same statement be seen.

    With ``hold_next_post()`` the proxy forwards the next POST (so the LRS stores the
    batch), sets ``forwarded`` and keeps the answer until ``release()``: the sender
    is then stuck mid-batch, as a worker is when it is killed at the worst moment.
    """

    def __init__(self, upstream: str) -> None:
        import requests

        proxy = self
        self.upstream = upstream
        self.forwarded = threading.Event()
        self.released = threading.Event()
        self.hold = False
        self.posted: Counter[str] = Counter()
        self.posted_lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                proxy.count(body)
                headers = {name: value for name, value in self.headers.items()
                           if name.lower() in {"authorization", "content-type",
                                               "x-experience-api-version"}}
                answer = requests.post(proxy.upstream + self.path, data=body, headers=headers, timeout=30)
                if proxy.hold:
                    proxy.hold = False
                    proxy.forwarded.set()
                    proxy.released.wait(timeout=60)
                try:
                    self.send_response(answer.status_code)
                    self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
                    self.send_header("Content-Length", str(len(answer.content)))
                    self.end_headers()
                    self.wfile.write(answer.content)
                except OSError:
                    pass  # the sender is gone (killed): nobody to answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def count(self, body: bytes) -> None:
        statements = json.loads(body or b"[]")
        with self.posted_lock:
            self.posted.update(s.get("id") for s in (statements if isinstance(statements, list)
                                                     else [statements]))

    def hold_next_post(self) -> None:
        self.hold = True

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lrs_proxy(ralph: RalphLrs) -> Iterator[HoldingProxy]:
    proxy = HoldingProxy(f"http://127.0.0.1:{ralph.port}")
    yield proxy
    proxy.close()
