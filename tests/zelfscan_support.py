"""Helpers for the zelfscan tests (no tests in this file)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from test_learning_support import AGS, INSTRUCTOR, LEARNER, LaunchInfo, make_launch

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
from lti_tool.models.zelfscan import COMPLETED, ZelfscanScan
from lti_tool.web import issue_launch_token

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "zelfscan"
PACKAGE = FIXTURES / "package"
BROKEN = FIXTURES / "broken"
FRAMEWORK = "werkbegeleider"
ITEM = f"zelfscan:{FRAMEWORK}"

__all__ = ["AGS", "INSTRUCTOR", "LEARNER", "make_launch"]


def other_org_launch(app, *, roles: tuple[str, ...] = (LEARNER,), context_id: str = "course-1",
                     name: str = "Kim") -> LaunchInfo:
    """A launch from a second organisation (its own platform, same LMS course id)."""
    with app.extensions["db"].session() as session:
        org = session.scalar(select(Organisation).where(Organisation.slug == "andere-org"))
        if org is None:
            org = Organisation(slug="andere-org", name="Andere organisatie")
            session.add(org)
            session.flush()
            reg = PlatformRegistration(
                organisation_id=org.id, name="LMS 2", issuer="http://lms2.example",
                client_id="client-2", auth_login_url="http://lms2.example/auth",
                auth_token_url="http://lms2.example/token", jwks_url="http://lms2.example/jwks")
            session.add(reg)
            session.flush()
            session.add(Deployment(registration_id=reg.id, deployment_id="dep-2"))
            session.add(CourseContext(registration_id=reg.id, context_id=context_id, title="Cursus"))
            session.flush()
        reg = session.scalar(select(PlatformRegistration).where(
            PlatformRegistration.issuer == "http://lms2.example"))
        context = session.scalar(select(CourseContext).where(CourseContext.registration_id == reg.id))
        learner = Learner(organisation_id=org.id, issuer=reg.issuer, sub=f"u-{uuid.uuid4().hex[:8]}",
                          name=name)
        link = ResourceLink(registration_id=reg.id, context_id=context.id,
                            resource_link_id=f"rl-{uuid.uuid4().hex[:8]}", content_item_id=ITEM)
        session.add_all([learner, link])
        session.flush()
        session_id = uuid.uuid4().hex
        session.add(LaunchSession(
            id=session_id, learner_id=learner.id, registration_id=reg.id, deployment_id="dep-2",
            context_id=context.id, resource_link_id=link.id, message_type="LtiResourceLinkRequest",
            roles=list(roles), ags=None, expires_at=utcnow() + timedelta(hours=1)))
        learner_id, ctx = learner.id, context.id
    with app.test_request_context():
        token = issue_launch_token(session_id)
    return LaunchInfo(token, session_id, learner_id, ctx)


def add_finished_scan(app, info: LaunchInfo, scores: dict[str, float | None], *, days_ago: int = 0,
                      answers: dict[str, int | None] | None = None,
                      framework_id: str = FRAMEWORK) -> int:
    """A finished scan straight in the database (for group views, without clicking through)."""
    from lti_tool.models.zelfscan import ZelfscanAnswer

    with app.extensions["db"].session() as session:
        launch_row = session.get(LaunchSession, info.session_id)
        learner = session.get(Learner, info.learner_id)
        when = utcnow() - timedelta(days=days_ago)
        scan = ZelfscanScan(learner_id=learner.id, organisation_id=learner.organisation_id,
                            context_id=launch_row.context_id, framework_id=framework_id,
                            status=COMPLETED, position=0, area_scores=scores, completed_at=when)
        scan.answers = [ZelfscanAnswer(statement_id=k, value=v) for k, v in (answers or {}).items()]
        session.add(scan)
        session.flush()
        return scan.id


def get(client, url: str, token: str, status: int = 200) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + f"lt={token}")
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return response.get_data(as_text=True)


def location_path(response) -> str:
    """The path of a redirect (a response) or of a URL, without the query string."""
    url = response if isinstance(response, str) else response.location
    return re.sub(r"\?.*$", "", url)
