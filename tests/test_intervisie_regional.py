"""Regional intervisie: the operator groups organisations into a network, a trainer opens a
group to it, and a member of another organisation joins. Only their chosen names and what
they write in that group cross the organisation boundary."""

from __future__ import annotations

import re

import pytest
from conftest import ADMIN_TOKEN

from lti_tool.models import Organisation
from lti_tool.web import issue_launch_token
from tests.conftest_ralph import make_launch_row, make_organisation
from tests.intervisie_support import Person, form_group, person, start_session, write

pytest_plugins = ["conftest_ralph"]
AUTH = ("admin", ADMIN_TOKEN)


@pytest.fixture(autouse=True)
def _admin_pages_on(admin_auth) -> None:
    """The operator's pages are on (``ADMIN_TOKEN`` set)."""


def outsider(app, slug: str, name: str = "Olga Verborgen") -> Person:
    """A werkbegeleider whose launch came through organisation ``slug``'s own LMS."""
    with app.extensions["db"].session() as session:
        organisation = session.query(Organisation).filter_by(slug=slug).first()
        registration = (organisation.registrations[0] if organisation is not None
                        else make_organisation(session, slug)[1])
        row = make_launch_row(session, registration, sub=f"wb-{slug}", name=name,
                              email="olga@other.example", content_item_id="intervisie")
        session_id, learner_id = row.id, row.learner_id
    with app.test_request_context():
        return Person(issue_launch_token(session_id), learner_id, f"wb-{slug}")


def admin_token(client) -> str:
    page = client.get("/admin/netwerken/", auth=AUTH)
    assert page.status_code == 200
    return re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)


def network_of(client, *slugs: str) -> None:
    """The operator makes network 'Regio Noord' and puts the organisations ``slugs`` in it."""
    token = admin_token(client)
    assert client.post("/admin/netwerken/", data={"form_token": token, "name": "Regio Noord"},
                       auth=AUTH).status_code == 303
    page = client.get("/admin/netwerken/", auth=AUTH).text
    network_id = re.search(r'<option value="(\d+)"[^>]*>Regio Noord<', page).group(1)
    for slug in slugs:
        organisation_id = re.search(rf'action="/admin/netwerken/(\d+)"(?:(?!</tr>).)*Netwerk van {slug}<',
                                    page, re.S).group(1)
        assert client.post(f"/admin/netwerken/{organisation_id}", data={
            "form_token": token, "network": network_id}, auth=AUTH).status_code == 303


def _setup(app, client, *, in_network: bool = True, regional: bool = True):
    trainer = person(app, trainer=True)
    members = [person(app, name=n) for n in ("Anna Bakker", "Bram Kok")]
    olga = outsider(app, "zorg-oost")
    if in_network:
        network_of(client, "test-org", "zorg-oost")
    group_id, code = form_group(client, trainer, members, regional=regional)
    return trainer, members, olga, group_id, code


def test_the_admin_pages_need_the_token(client):
    assert client.get("/admin/netwerken/").status_code == 401
    assert client.post("/admin/netwerken/", data={"name": "X"}, auth=AUTH).status_code == 400


def test_a_member_of_another_organisation_joins_a_regional_group(app, client):
    trainer, members, olga, group_id, code = _setup(app, client)
    other_group, _other_code = form_group(client, trainer, members, name="Alleen eigen organisatie")
    response = client.post("/intervisie/aansluiten", data={
        "lt": olga.token, "code": code, "display_name": "Olga (Zorg Oost)"})
    assert response.headers["Location"].startswith(f"/intervisie/g/{group_id}")
    session_id = start_session(client, members[0], group_id)
    write(client, members[0], session_id, "casus", "Een situatie over het rooster.")
    page = client.get(f"/intervisie/s/{session_id}?lt={olga.token}").text
    assert "Een situatie over het rooster." in page and "Anna" in page
    group_page = client.get(f"/intervisie/g/{group_id}?lt={olga.token}").text
    overview = client.get(f"/intervisie/?lt={olga.token}").text
    for seen in (page, group_page, overview):
        for hidden in ("Bakker", "Kok", "Alleen eigen organisatie", "Testorganisatie",
                       members[0].sub, "sam@", "@example"):
            assert hidden not in seen, hidden
    # the organisation's other group, its trainer page and the roster stay closed
    assert client.get(f"/intervisie/g/{other_group}?lt={olga.token}").status_code == 403
    assert client.get(f"/intervisie/trainer?lt={olga.token}").status_code == 403
    # and the other side sees Olga only by the name she chose
    anna_view = client.get(f"/intervisie/g/{group_id}?lt={members[0].token}").text
    assert "Olga (Zorg Oost)" in anna_view and "Verborgen" not in anna_view
    assert "olga@other.example" not in anna_view


def test_a_group_not_opened_to_the_network_refuses_the_code(app, client):
    _trainer, _members, olga, _group_id, code = _setup(app, client, regional=False)
    response = client.post("/intervisie/aansluiten", data={"lt": olga.token, "code": code})
    assert "melding=code" in response.headers["Location"]


def test_an_organisation_outside_the_network_cannot_join(app, client):
    trainer = person(app, trainer=True)
    network_of(client, "test-org")
    group_id, code = form_group(client, trainer, [person(app)], regional=True)
    stranger = outsider(app, "zorg-west")
    response = client.post("/intervisie/aansluiten", data={"lt": stranger.token, "code": code})
    assert "melding=code" in response.headers["Location"]
    assert client.get(f"/intervisie/g/{group_id}?lt={stranger.token}").status_code == 403
