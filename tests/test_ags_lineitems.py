"""AGS: without a line item in the launch the tool finds or creates its own column;
results can be read back from the platform."""

from __future__ import annotations

import requests
from sqlalchemy import select

from devlms.client import DevLmsClient
from devlms.models import DevLineItem
from devlms.module_walker import complete_module
from devlms.seed import course_by_context, create_placement
from lti_tool.content import get_course
from lti_tool.http import EgressPolicy
from lti_tool.lti.ags import read_results
from lti_tool.models import OutboxMessage, PlatformRegistration, ResourceLink
from lti_tool.outbox.worker import deliver_due

MODULE = "duidelijke-werkafspraken"


def complete_as(settings, username: str, link: str) -> None:
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in(username)
    result = lms.launch(link)
    complete_module(requests.Session(), settings.base_url, result.launch_token,
                    get_course(settings).module(MODULE))


def test_column_is_created_once_and_results_read_back(live_server, settings, app):
    database = app.extensions["db"]
    with database.session() as session:
        placement = create_placement(session, course_by_context(session, "course-werkbegeleiding"),
                                     title="Werkafspraken zonder kolom", custom={"content_item": MODULE})
        link = placement.resource_link_id
    complete_as(settings, "devlms-learner-1", link)
    while deliver_due(database):
        pass
    complete_as(settings, "devlms-learner-2", link)
    while deliver_due(database):
        pass

    with database.session() as session:
        statuses = {m.status for m in session.execute(select(OutboxMessage)).scalars()}
        assert statuses == {"delivered"}, statuses
        items = session.execute(select(DevLineItem).where(DevLineItem.resource_id == MODULE)).scalars().all()
        assert len(items) == 1 and items[0].tag == "werkbegeleiding"
        resource_link = session.execute(select(ResourceLink).where(
            ResourceLink.resource_link_id == link)).scalar_one()
        assert resource_link.lineitem_url and resource_link.lineitem_url.endswith(f"/lineitems/{items[0].id}")
        registration = session.execute(select(PlatformRegistration)).scalars().first()
        results = read_results(session, registration.id, resource_link.lineitem_url,
                               EgressPolicy.from_settings(settings))
    assert results == {"devlms-learner-1": 100.0, "devlms-learner-2": 100.0}
