"""The launch's "launched" statement is built from what the launch wrote (no query): it must
say exactly what the builder that reads the rows back says (actor, registration, context
extensions, object), with the organisation's LRS identifying learners or not, and for a
second launch that sends no name or email (the stored ones stay)."""

from __future__ import annotations

import pytest

from lti_tool.launch_context import Launch
from lti_tool.models import LaunchSession, Organisation, OutboxMessage
from lti_tool.xapi import statements
from lti_tool.xapi.lrs_config import save_lrs
from lti_tool.xapi.origin import origin_for
from tests.lti_platform import REMOVE, TestPlatform, start_login


def _launch_of(row: LaunchSession, organisation_id: int) -> Launch:
    return Launch(session_id=row.id, learner_id=row.learner_id, organisation_id=organisation_id,
                  registration_id=row.registration_id, deployment_id=row.deployment_id,
                  context_id=row.context_id, resource_link_id=row.resource_link_id,
                  content_item_id="rol-van-de-werkbegeleider", roles=tuple(row.roles),
                  display_name=None, ags_lineitem=None, ags_scopes=(), nrps_url=None)


@pytest.mark.parametrize("identify", [False, True], ids=["pseudonymous", "identified"])
def test_launched_from_the_launch_says_what_the_rows_say(app, client, settings, identify):
    platform = TestPlatform(organisation_slug="org-facts")
    database = app.extensions["db"]
    platform.register(database)
    with database.session() as session:
        org = session.query(Organisation).filter_by(slug="org-facts").one()
        save_lrs(session, org, app.config["SECRET_KEY"], endpoint="http://127.0.0.1:9/xAPI",
                 key="k", secret="secret-123456", enabled=True, identify_learners=identify)
        org_id = org.id
    claims = [{}, {"name": REMOVE, "email": REMOVE}]  # the second: name and email as stored
    for overrides in claims:
        state, nonce = start_login(client, platform, settings.base_url)
        token = platform.sign(platform.claims(nonce, sub="learner-7", **overrides))
        response = client.post("/lti/launch", data={"id_token": token, "state": state})
        assert response.status_code == 303, response.get_data(as_text=True)
        with app.app_context(), database.session() as session:
            sent = session.query(OutboxMessage).order_by(OutboxMessage.id.desc()).first()
            row = session.query(LaunchSession).order_by(LaunchSession.created_at.desc()).first()
            assert sent is not None and row is not None
            statement = sent.payload["statement"]
            origin = origin_for(session, _launch_of(row, org_id), settings, identify=identify)
            expected = statements.launched(origin, "rol-van-de-werkbegeleider")
        for part in ("actor", "verb", "object"):
            assert statement[part] == expected[part], part
        for part in ("registration", "extensions", "contextActivities"):
            assert statement["context"][part] == expected["context"][part], part
        if identify:
            assert statement["actor"]["mbox"] == "mailto:sanne@example.org"
            assert statement["actor"]["name"] == "Sanne de Vries"
