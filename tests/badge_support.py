"""For the badge tests: a learner launched from the development LMS, a badge awarded to them,
and the independent verifier (Digital Bazaar's VC libraries under Node, tests/vc_verifier)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from devlms.client import DevLmsClient
from lti_tool.badges import award_badge
from lti_tool.models import LaunchSession

VERIFIER = Path(__file__).parent / "vc_verifier"
ACHIEVEMENT = "leerlijn-werkbegeleider"
PLACEMENT = "de-rol-van-de-werkbegeleider"


@dataclass(frozen=True)
class Learning:
    token: str
    organisation_id: int
    learner_id: int
    course_id: int


def launch(settings, username: str) -> str:
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in(username)
    return lms.launch(PLACEMENT).launch_token


def learner_in_course(app, settings, username: str = "devlms-learner-1") -> Learning:
    token = launch(settings, username)
    with app.extensions["db"].session() as session:
        row = session.scalars(select(LaunchSession).order_by(LaunchSession.created_at.desc())).first()
        assert row is not None and row.context_id is not None
        return Learning(token, row.registration.organisation_id, row.learner_id, row.context_id)


def award(app, learning: Learning, achievement: str = ACHIEVEMENT) -> str:
    """The badge's public id, awarded and committed."""
    with app.app_context(), app.extensions["db"].session() as session:
        badge = award_badge(session, organisation_id=learning.organisation_id,
                            learner_id=learning.learner_id, course_id=learning.course_id,
                            achievement=achievement)
        return badge.public_id


def ensure_verifier() -> None:
    """``npm ci`` once (package-lock.json pins every package); skipped without Node, except in CI."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js and npm are needed for the badge verifier (Debian: nodejs npm)")
        pytest.skip("Node.js not found: the independent badge verifier cannot run")
    if not (VERIFIER / "node_modules" / ".package-lock.json").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=VERIFIER,
                       check=True, timeout=300)


def verify_independently(credential: dict, base_url: str, folder: Path) -> dict:
    """The verdict of Digital Bazaar's @digitalbazaar/vc, eddsa-rdfc-2022 cryptosuite and
    Bitstring Status List libraries: ``{"verified", "signature", "revoked", "errors"}``."""
    ensure_verifier()
    path = folder / f"credential-{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(credential), encoding="utf-8")
    done = subprocess.run(["node", str(VERIFIER / "verify.mjs"), str(path), base_url],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
