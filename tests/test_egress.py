"""One egress policy for every outgoing call (issue 12, finding 2): https only in
production, no loopback/private/metadata address unless the operator allowed the host,
checked on the address actually connected to, no redirects, AGS and NRPS only on the
registration's own hosts, and only short fixed reasons in ``last_error``."""

from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select

from lti_tool.http import (
    ADDRESS_NOT_ALLOWED,
    HOST_NOT_ALLOWED,
    HTTPS_REQUIRED,
    REDIRECT_REFUSED,
    EgressPolicy,
    EgressRefusedError,
    OutboundSession,
    authority_of,
    failure_reason,
    is_public_address,
)
from lti_tool.lti.nrps import RosterUnavailableError, fetch_members
from lti_tool.lti.service_auth import token_cache
from lti_tool.lti.vocabulary import Scope
from lti_tool.models import LaunchSession, OutboxMessage, PlatformRegistration
from lti_tool.outbox import enqueue_ags_score
from lti_tool.outbox.worker import OutboxWorker
from lti_tool.settings import Settings
from lti_tool.web import launch_from_row
from tests.net_support import Listener

pytest_plugins = ["conftest_ralph"]

LOOPBACK_ONLY = EgressPolicy(https_only=False, allow_hosts=frozenset({"127.0.0.1"}))


class _Answer(BaseHTTPRequestHandler):
    redirect_to = ""

    def do_GET(self):  # noqa: N802
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", type(self).redirect_to)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def listener():
    socket = Listener("127.0.0.2")
    yield socket
    socket.close()


def refusal(session: OutboundSession, url: str) -> str:
    with pytest.raises(EgressRefusedError) as refused:
        session.get(url)
    return refused.value.reason


def test_production_settings_allow_https_only_and_no_internal_hosts():
    production = Settings.from_env({"LTI_TOOL_ENV": "production", "SECRET_KEY": "s" * 40,
                                    "BASE_URL": "https://tool.example.nl"})
    policy = EgressPolicy.from_settings(production)
    assert policy.https_only and policy.allow_hosts == frozenset()
    session = OutboundSession(policy)
    assert refusal(session, "http://lms.example.org/jwks") == HTTPS_REQUIRED
    assert refusal(session, "https://127.0.0.1/jwks") == ADDRESS_NOT_ALLOWED
    allowed = Settings.from_env({"LTI_TOOL_ENV": "production", "SECRET_KEY": "s" * 40,
                                 "BASE_URL": "https://tool.example.nl",
                                 "EGRESS_ALLOW_HOSTS": "Moodle.Intern.School.nl, lrs.intern"})
    assert allowed.egress_allow_hosts == ("moodle.intern.school.nl", "lrs.intern")
    development = Settings.from_env({"INSTANCE_DIR": "/tmp/lti-egress-test"})
    assert set(development.egress_allow_hosts) == {"localhost", "127.0.0.1"}
    assert not EgressPolicy.from_settings(development).https_only


def test_loopback_only_for_the_hosts_the_operator_allowed(server, listener):
    assert OutboundSession(LOOPBACK_ONLY).get(server + "/").text == "ok"
    assert refusal(OutboundSession(EgressPolicy(https_only=False)), server + "/") == ADDRESS_NOT_ALLOWED
    assert refusal(OutboundSession(LOOPBACK_ONLY), listener.url("/")) == ADDRESS_NOT_ALLOWED
    assert refusal(OutboundSession(LOOPBACK_ONLY), listener.url("/", "https")) == ADDRESS_NOT_ALLOWED
    assert listener.connections() == 0


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",   # cloud metadata (link-local)
    "http://[fd00:ec2::254]/latest/meta-data/",   # AWS metadata over IPv6 (unique local)
    "http://100.100.100.200/latest/meta-data/",   # Alibaba metadata (shared address space)
    "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/",
    "http://[::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://240.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
])
def test_internal_addresses_are_refused(url):
    assert refusal(OutboundSession(LOOPBACK_ONLY), url) == ADDRESS_NOT_ALLOWED


def test_public_addresses_pass_the_address_check():
    assert is_public_address(ipaddress.ip_address("93.184.215.14"))
    assert is_public_address(ipaddress.ip_address("2a00:1450:4001:80b::200e"))
    assert not is_public_address(ipaddress.ip_address("::ffff:10.1.2.3"))


def test_redirects_are_refused_and_a_followed_hop_is_checked(server, listener):
    _Answer.redirect_to = listener.url("/internal")
    assert refusal(OutboundSession(LOOPBACK_ONLY), server + "/redirect") == REDIRECT_REFUSED
    browser = OutboundSession(EgressPolicy(https_only=False, allow_hosts=frozenset({"127.0.0.1"}),
                                           follow_redirects=True))
    assert refusal(browser, server + "/redirect") == ADDRESS_NOT_ALLOWED
    assert listener.connections() == 0


def test_a_registration_session_calls_only_its_hosts(server):
    session = OutboundSession(LOOPBACK_ONLY).restricted_to([authority_of(server + "/x")])
    assert session.get(server + "/").text == "ok"
    assert refusal(session, server.replace("127.0.0.1", "localhost") + "/") == HOST_NOT_ALLOWED
    assert refusal(session, "http://lms.elsewhere.example/") == HOST_NOT_ALLOWED


def test_failures_become_short_fixed_reasons():
    response = requests.Response()
    response.status_code = 403
    assert failure_reason(requests.HTTPError(response=response)) == "refused: 403"
    assert failure_reason(requests.ConnectTimeout()) == "timeout"
    assert failure_reason(requests.ConnectionError("[Errno 111] details")) == "unreachable"
    assert failure_reason(EgressRefusedError(ADDRESS_NOT_ALLOWED)) == "address not allowed"
    assert failure_reason(ValueError("Expecting value: line 1 column 1 (char 0)")) == "invalid answer"


# -- AGS and NRPS calls on a platform's behalf ---------------------------------------------------


def production_like(settings: Settings) -> OutboundSession:
    return OutboundSession(EgressPolicy.from_settings(
        settings.with_overrides(environment="production", egress_allow_hosts=())))


ELSEWHERE = [("elsewhere", HOST_NOT_ALLOWED), ("127.0.0.2", ADDRESS_NOT_ALLOWED)]


def cache_token_from_earlier(registration: PlatformRegistration, scope: str) -> None:
    """A token as a previous call left it in the cache (the connector's key)."""
    token_cache.put(f"{registration.id}:{registration.client_id}@{registration.auth_token_url}:{scope}",
                    "token-from-earlier", 3600)


def select_launch(registration_id: int):
    return select(LaunchSession).where(LaunchSession.registration_id == registration_id)


def _registration(session, org_launch) -> PlatformRegistration:
    launch = org_launch("org-egress")
    return session.get(PlatformRegistration, launch.registration_id)


@pytest.mark.parametrize("where, reason", ELSEWHERE)
def test_an_ags_lineitem_elsewhere_is_refused_and_never_called(app, settings, org_launch, listener,
                                                               where, reason):
    database = app.extensions["db"]
    lineitem = (listener.url("/lineitems/1", "https") if where == "127.0.0.2"
                else "https://lms.elsewhere.example/lineitems/1")
    with database.session() as session:
        registration = _registration(session, org_launch)
        # Even a host the registration lists is checked for its address.
        registration.service_hosts = [f"127.0.0.2:{listener.port}"]
        cache_token_from_earlier(registration, Scope.SCORE)
        row = session.scalars(select_launch(registration.id)).first()
        row.ags = {"lineitem": lineitem, "scope": [Scope.SCORE]}
        launch = launch_from_row(row)
    with database.session() as session:
        message = enqueue_ags_score(session, launch, score_given=80, score_maximum=100,
                                    activity_progress="Completed", grading_progress="FullyGraded")
        session.flush()
        message_id = message.id
    OutboxWorker(database, secret_key=settings.secret_key, http=production_like(settings)).deliver_due()
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert (message.status, message.last_error) == ("rejected", reason)
    assert listener.connections() == 0


@pytest.mark.parametrize("where, reason", ELSEWHERE)
def test_an_nrps_url_elsewhere_is_refused_and_never_called(app, settings, org_launch, listener,
                                                           where, reason):
    database = app.extensions["db"]
    nrps_url = (listener.url("/memberships", "https") if where == "127.0.0.2"
                else "https://lms.elsewhere.example/memberships")
    with database.session() as session:
        registration = _registration(session, org_launch)
        registration.service_hosts = [f"127.0.0.2:{listener.port}"]
        cache_token_from_earlier(registration, Scope.NRPS)
        row = session.scalars(select_launch(registration.id)).first()
        row.nrps_url = nrps_url
        session.flush()
        with pytest.raises(RosterUnavailableError) as refused:
            fetch_members(session, launch_from_row(row), production_like(settings).policy)
    assert str(refused.value) == f"De ledenlijst kon niet worden opgehaald ({reason})."
    assert listener.connections() == 0
