"""Helpers for the learning tests: a launch without the LTI edge (no tests in this file)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

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
from lti_tool.web import issue_launch_token

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
PLAYER_CONTENT = FIXTURES / "player"
AGS = {"lineitem": "http://lms.example/li/1",
       "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]}
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@dataclass
class LaunchInfo:
    token: str
    session_id: str
    learner_id: int
    context_id: int


def make_launch(app, *, content_item_id: str | None = None, ags: dict | None = AGS,
                roles: tuple[str, ...] = (LEARNER,), sub: str | None = None,
                expired: bool = False) -> LaunchInfo:
    """Create the rows an LTI launch would create, and a launch token for them."""
    database = app.extensions["db"]
    with database.session() as session:
        organisation = session.query(Organisation).filter_by(slug="test-org").one_or_none()
        if organisation is None:
            organisation = Organisation(slug="test-org", name="Testorganisatie")
            session.add(organisation)
            session.flush()
        registration = session.query(PlatformRegistration).filter_by(
            issuer="http://lms.example").one_or_none()
        if registration is None:
            registration = PlatformRegistration(
                organisation_id=organisation.id, name="LMS", issuer="http://lms.example",
                client_id="client-1", auth_login_url="http://lms.example/auth",
                auth_token_url="http://lms.example/token", jwks_url="http://lms.example/jwks")
            session.add(registration)
            session.flush()
            session.add(Deployment(registration_id=registration.id, deployment_id="dep-1"))
            session.add(CourseContext(registration_id=registration.id, context_id="course-1",
                                      title="Cursus"))
            session.flush()
        context = session.query(CourseContext).filter_by(registration_id=registration.id).one()
        learner = Learner(organisation_id=organisation.id, issuer=registration.issuer,
                          sub=sub or f"user-{uuid.uuid4().hex[:8]}", name="Sam de Vries")
        link = ResourceLink(registration_id=registration.id, context_id=context.id,
                            resource_link_id=f"rl-{uuid.uuid4().hex[:8]}",
                            content_item_id=content_item_id, title="Module")
        session.add_all([learner, link])
        session.flush()
        session_id = uuid.uuid4().hex
        expires = utcnow() + (timedelta(hours=-1) if expired else timedelta(hours=1))
        session.add(LaunchSession(
            id=session_id, learner_id=learner.id, registration_id=registration.id,
            deployment_id="dep-1", context_id=context.id, resource_link_id=link.id,
            message_type="LtiResourceLinkRequest", roles=list(roles), ags=ags,
            expires_at=expires))
        learner_id, context_id = learner.id, context.id
    with app.test_request_context():
        token = issue_launch_token(session_id)
    return LaunchInfo(token, session_id, learner_id, context_id)


def hidden(html: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None
