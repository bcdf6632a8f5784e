"""Registration by invitation (issue 12, finding 1): without the operator's one-time link
nothing is registered; a link registers once, into its own organisation; an existing
registration is never touched; the configuration URL must start with the issuer, no
redirects are followed and no answer of the platform is shown."""

from __future__ import annotations

import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import select, update

from devlms.client import DevLmsClient
from devlms.models import DevRegistrationToken
from lti_tool.cli import main
from lti_tool.lti.dynamic_registration import issuer_matches
from lti_tool.lti.invitations import token_hash
from lti_tool.models import Organisation, PlatformRegistration, RegistrationInvitation, utcnow
from tests.net_support import Listener, StandInPlatform
from tests.registration_support import registration_link

COLUMNS = [column.key for column in PlatformRegistration.__table__.columns]
ADMIN_TOKEN = "admin-token-for-registration-tests"


def registrations(app) -> dict[int, tuple]:
    """Every registration row, every column: 'unchanged' means exactly that."""
    with app.extensions["db"].session() as session:
        return {row.id: tuple(getattr(row, name) for name in COLUMNS)
                for row in session.scalars(select(PlatformRegistration))}


def register(link: str, openid_configuration: str, token: str | None = None, *, json: bool = False):
    params = {"openid_configuration": openid_configuration}
    if token:
        params["registration_token"] = token
    headers = {"Accept": "application/json"} if json else {}
    return requests.get(link, params=params, headers=headers, timeout=30)


@pytest.fixture
def stand_in():
    platform = StandInPlatform()
    yield platform
    platform.close()


@pytest.fixture
def listener():
    socket = Listener("127.0.0.2")
    yield socket
    socket.close()


def test_without_a_link_nothing_is_registered_and_the_platform_is_not_asked(live_server, settings, app):
    lms = DevLmsClient(settings.devlms_base_url)
    openid, token = lms.dynamic_registration_urls(settings.base_url + "/lti/register")
    before = registrations(app)
    bare = register(settings.base_url + "/lti/register", openid, token)
    assert bare.status_code == 403
    assert "Vraag de beheerder van de tool om een nieuwe registratielink" in bare.text
    made_up = register(settings.base_url + "/lti/register/made-up-token", openid, token, json=True)
    assert made_up.status_code == 403 and made_up.json()["check"] == "invitation"
    assert registrations(app) == before
    with app.extensions["db"].session() as session:  # the platform's one-time token is unspent
        assert [row.used_at for row in session.scalars(select(DevRegistrationToken))] == [None]


def test_a_link_registers_once_into_its_own_organisation(live_server, settings, app):
    link = registration_link(app, settings, "roc-midden", name="ROC Midden",
                             service_hosts=("grades.roc-midden.example",))
    lms = DevLmsClient(settings.devlms_base_url)
    first = register(link, *lms.dynamic_registration_urls(link))
    assert first.status_code == 200, first.text
    assert "De tool is aangemeld" in first.text and "ROC Midden" in first.text
    after_first = registrations(app)

    again = register(link, *lms.dynamic_registration_urls(link), json=True)
    assert again.status_code == 403 and again.json()["check"] == "invitation"
    assert "al gebruikt" in again.json()["detail"]
    assert registrations(app) == after_first
    with app.extensions["db"].session() as session:
        invitation = session.scalars(select(RegistrationInvitation)).one()
        assert invitation.used_at is not None
        assert invitation.registration.organisation.slug == "roc-midden"
        assert invitation.registration.service_hosts == ["grades.roc-midden.example"]


def test_two_uses_at_the_same_moment_give_one_registration(live_server, settings, app):
    link = registration_link(app, settings, "roc-midden")
    lms = DevLmsClient(settings.devlms_base_url)
    attempts = [lms.dynamic_registration_urls(link) for _ in range(2)]
    before = registrations(app)
    barrier = threading.Barrier(len(attempts))
    statuses: list[int] = []

    def use(openid: str, token: str) -> None:
        barrier.wait()
        statuses.append(register(link, openid, token).status_code)

    threads = [threading.Thread(target=use, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 403]
    added = set(registrations(app)) - set(before)
    assert len(added) == 1
    with app.extensions["db"].session() as session:
        assert session.get(PlatformRegistration, added.pop()).organisation.slug == "roc-midden"


def test_a_known_issuer_leaves_its_registration_alone(live_server, settings, app):
    """The development LMS's issuer is registered already (organisation 'devlms'): a link
    for another organisation adds a registration there and changes nothing else."""
    before = registrations(app)
    link = registration_link(app, settings, "roc-midden")
    answer = register(link, *DevLmsClient(settings.devlms_base_url).dynamic_registration_urls(link))
    assert answer.status_code == 200, answer.text
    after = registrations(app)
    assert {key: after[key] for key in before} == before
    (new_id,) = set(after) - set(before)
    with app.extensions["db"].session() as session:
        new = session.get(PlatformRegistration, new_id)
        assert new.issuer == settings.devlms_base_url and new.organisation.slug == "roc-midden"


def test_a_known_issuer_and_client_id_is_refused_and_not_overwritten(live_server, settings, app, stand_in):
    config_url = stand_in.configuration()
    issuer = config_url.removesuffix("/.well-known/openid-configuration")
    with app.extensions["db"].session() as session:  # added by the operator earlier
        school = Organisation(slug="school", name="School")
        session.add(school)
        session.flush()
        session.add(PlatformRegistration(
            organisation_id=school.id, name="Moodle", issuer=issuer, client_id="client-1",
            auth_login_url=issuer + "/auth", auth_token_url=issuer + "/token", jwks_url=issuer + "/jwks"))
    before = registrations(app)
    stand_in.answer_json("/lms/register", {"client_id": "client-1"})
    link = registration_link(app, settings, "attacker")
    refused = register(link, config_url, json=True)
    assert refused.status_code == 409 and refused.json()["check"] == "client_id"
    assert registrations(app) == before
    with app.extensions["db"].session() as session:  # the link was not spent by the refusal
        assert session.scalars(select(RegistrationInvitation.used_at)).one() is None


def test_the_registration_token_goes_along_as_bearer_to_configuration_and_registration(
        live_server, settings, app, stand_in):
    """Canvas answers its configuration only with the token; every platform needs it on the POST."""
    config_url = stand_in.configuration()
    stand_in.answer_json("/lms/register", {"client_id": "client-7"})
    stand_in.post_routes["/lms/register"] = stand_in.routes["/lms/register"]
    answer = register(registration_link(app, settings, "school"), config_url, "reg-token-1", json=True)
    assert answer.status_code == 200, answer.text
    assert stand_in.authorizations == [
        ("GET", "/lms/.well-known/openid-configuration", "Bearer reg-token-1"),
        ("POST", "/lms/register", "Bearer reg-token-1")]


def test_a_redirecting_configuration_is_refused(live_server, settings, app, stand_in):
    real = stand_in.configuration()
    stand_in.redirect("/moved", real)
    before = registrations(app)
    refused = register(registration_link(app, settings), stand_in.base + "/moved", json=True)
    assert refused.status_code == 502 and refused.json()["check"] == "openid_configuration"
    assert "redirect refused" in refused.json()["detail"]
    assert stand_in.hits == ["/moved"]  # the redirect target was never fetched
    assert registrations(app) == before


@pytest.mark.parametrize("issuer, accepted", [
    ("{base}/lms", True),
    ("{base}/lms/", True),
    ("{base}", True),
    ("{base}/other", False),   # same host, another path
    ("{base}/lm", False),      # a prefix, but not a path
    ("https://lms.example.org", False),
    ("{base}/lms?tenant=1", False),
])
def test_the_configuration_url_must_start_with_the_issuer(live_server, settings, app, stand_in,
                                                          issuer, accepted):
    config_url = stand_in.configuration(issuer.format(base=stand_in.base))
    stand_in.answer_json("/lms/register", {"client_id": "new-client"})
    before = registrations(app)
    answer = register(registration_link(app, settings), config_url, json=True)
    if accepted:
        assert answer.status_code == 200, answer.text
        assert len(registrations(app)) == len(before) + 1
    else:
        assert answer.status_code == 400 and answer.json()["check"] == "issuer"
        assert "/lms/register" not in stand_in.hits
        assert registrations(app) == before


def test_issuer_matches_is_a_path_prefix():
    config = "https://school.nl/moodle/mod/lti/openid-configuration.php"
    assert issuer_matches(config, "https://school.nl/moodle")
    assert issuer_matches(config, "https://school.nl")
    assert not issuer_matches(config, "https://school.nl/moodle-test")
    assert not issuer_matches(config, "https://school.nl.evil.example")
    assert not issuer_matches("https://school.nl@evil.example/x", "https://school.nl")
    assert not issuer_matches(config, "http://school.nl")


def test_remote_error_bodies_are_never_shown(live_server, settings, app, stand_in):
    secret = "INTERNAL-ONLY admin API: db_password=hunter2"
    config_url = stand_in.configuration()
    stand_in.answer_text("/lms/register", secret, 403)
    link = registration_link(app, settings)
    for accept in ("text/html", "application/json"):
        answer = requests.get(link, params={"openid_configuration": config_url},
                              headers={"Accept": accept}, timeout=30)
        assert answer.status_code == 502 and "(403)" in answer.text
        assert "hunter2" not in answer.text and "INTERNAL" not in answer.text
    stand_in.answer_text("/lms/.well-known/openid-configuration", secret, 500)
    answer = register(link, config_url)
    assert answer.status_code == 502 and "(500)" in answer.text and "hunter2" not in answer.text


def test_internal_addresses_are_refused_without_a_connection(app, client, settings, listener):
    """Production-like egress (nothing allowed): the address is checked before connecting."""
    app.extensions["settings"] = settings.with_overrides(egress_allow_hosts=())
    link = registration_link(app, settings)
    path = urlsplit(link).path
    for target, reason in [(listener.url("/.well-known/openid-configuration"), "address not allowed"),
                           ("http://169.254.169.254/latest/meta-data/", "address not allowed"),
                           (f"http://localhost:{listener.port}/x", "address not allowed")]:
        answer = client.get(path, query_string={"openid_configuration": target},
                            headers={"Accept": "application/json"})
        assert answer.status_code == 502 and reason in answer.json["detail"], answer.json
    assert listener.connections() == 0
    app.extensions["settings"] = settings.with_overrides(environment="production", egress_allow_hosts=())
    answer = client.get(path, query_string={"openid_configuration": "http://lms.example.org/config"},
                        headers={"Accept": "application/json"})
    assert answer.status_code == 502 and "https required" in answer.json["detail"]


def test_an_expired_or_revoked_link_is_refused(app, client, settings):
    expired, revoked = registration_link(app, settings), registration_link(app, settings)
    with app.extensions["db"].session() as session:
        first, second = session.scalars(select(RegistrationInvitation).order_by(RegistrationInvitation.id))
        session.execute(update(RegistrationInvitation).where(RegistrationInvitation.id == first.id)
                        .values(expires_at=utcnow() - timedelta(minutes=1)))
        session.execute(update(RegistrationInvitation).where(RegistrationInvitation.id == second.id)
                        .values(revoked_at=utcnow()))
    for link, word in ((expired, "verlopen"), (revoked, "ingetrokken")):
        answer = client.get(urlsplit(link).path, query_string={"openid_configuration": "x"})
        assert answer.status_code == 403 and word in answer.get_data(as_text=True)


def run(settings, *args):
    env = {"DATABASE_URL": settings.database_url, "INSTANCE_DIR": str(settings.instance_dir),
           "BASE_URL": settings.base_url}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_cli_invite_list_revoke(settings, app, client):
    made = run(settings, "registrations", "invite", "--organisation", "roc-midden",
               "--organisation-name", "ROC Midden", "--expires-hours", "24",
               "--service-host", "ROC-Midden.instructure.com")
    assert made.exit_code == 0, made.output
    link = made.output.strip().splitlines()[-1]
    assert link.startswith(settings.base_url + "/lti/register/")
    with app.extensions["db"].session() as session:
        row = session.scalars(select(RegistrationInvitation)).one()
        assert row.organisation.name == "ROC Midden"
        assert row.service_hosts == ["roc-midden.instructure.com"]
        assert row.token_hash == token_hash(link.rsplit("/", 1)[1])  # only the hash is stored
    assert "\topen\troc-midden\t" in run(settings, "registrations", "list").output
    assert run(settings, "registrations", "revoke", str(row.id)).exit_code == 0
    assert "\trevoked\troc-midden\t" in run(settings, "registrations", "list").output
    assert run(settings, "registrations", "revoke", str(row.id)).exit_code != 0
    bad = run(settings, "registrations", "invite", "--organisation", "Not A Slug")
    assert bad.exit_code != 0 and "slug" in bad.output
    bad = run(settings, "registrations", "invite", "--organisation", "x", "--service-host", "https://x/")
    assert bad.exit_code != 0 and "host" in bad.output


def test_seed_prints_a_link_for_the_development_lms(settings, app):
    seeded = run(settings, "seed")
    assert seeded.exit_code == 0, seeded.output
    link = seeded.output.strip().splitlines()[-1].rsplit(" ", 1)[1]
    assert link.startswith(settings.base_url + "/lti/register/")
    with app.extensions["db"].session() as session:
        invitation = session.scalars(select(RegistrationInvitation)).one()
        assert invitation.token_hash == token_hash(link.rsplit("/", 1)[1])
        assert invitation.organisation.slug == "devlms"


def test_admin_page_makes_lists_and_revokes_links(app, client, settings):
    import re

    assert client.get("/admin/registraties/").status_code == 404  # no ADMIN_TOKEN: no page
    app.extensions["settings"] = settings.with_overrides(admin_token=ADMIN_TOKEN)
    auth = ("admin", ADMIN_TOKEN)
    assert client.get("/admin/registraties/").status_code == 401
    page = client.get("/admin/registraties/", auth=auth).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert client.post("/admin/registraties/uitnodigingen", auth=auth,
                       data={"organisation": "roc-midden"}).status_code == 400  # no form token
    bad = client.post("/admin/registraties/uitnodigingen", auth=auth,
                      data={"form_token": token, "organisation": "Geen slug!"})
    assert bad.status_code == 422
    made = client.post("/admin/registraties/uitnodigingen", auth=auth, data={
        "form_token": token, "organisation": "roc-midden", "organisation_name": "ROC Midden",
        "expires_hours": "48"})
    assert made.status_code == 201
    link = re.search(r'<code id="new-link">([^<]+)</code>', made.get_data(as_text=True)).group(1)
    assert link.startswith(settings.base_url + "/lti/register/")
    listing = client.get("/admin/registraties/", auth=auth).get_data(as_text=True)
    assert link not in listing and "ROC Midden" in listing and ">open<" in listing
    with app.extensions["db"].session() as session:
        invitation_id = session.scalars(select(RegistrationInvitation.id)).one()
    revoke_token = re.search(rf'/uitnodigingen/{invitation_id}/intrekken".*?name="form_token" '
                             r'value="([^"]+)"', listing, re.S).group(1)
    revoked = client.post(f"/admin/registraties/uitnodigingen/{invitation_id}/intrekken", auth=auth,
                          data={"form_token": revoke_token})
    assert revoked.status_code == 303
    assert ">ingetrokken<" in client.get("/admin/registraties/", auth=auth).get_data(as_text=True)
    refused = client.get(urlsplit(link).path, query_string={"openid_configuration": "x"})
    assert refused.status_code == 403
