"""Open Badges 3.0 (issue 18): a badge awarded once, verified by an independent verifier
(Digital Bazaar's VC libraries), refused after revocation and when changed, baked into its
PNG, shown to its learner only, and revoked by the operator with a form token."""

from __future__ import annotations

import copy
import json
import re
import threading

import pytest
import requests
from conftest import ADMIN_TOKEN
from sqlalchemy import func, select, update

from lti_tool.badges import BadgeScopeError, UnknownAchievementError, award_badge
from lti_tool.badges.baking import unbake
from lti_tool.badges.keys import public_key_of
from lti_tool.badges.proof import proof_holds
from lti_tool.badges.status_list import decode_list, is_set
from lti_tool.models import BadgeKey, IssuedBadge, Organisation
from tests.badge_support import ACHIEVEMENT, award, learner_in_course, verify_independently

AUTH = ("admin", ADMIN_TOKEN)
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def credential_of(settings, public_id: str) -> dict:
    answer = requests.get(f"{settings.base_url}/badges/{public_id}/credential.json", timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/ld+json")
    return answer.json()


def test_the_badge_is_an_open_badge_3_that_an_independent_verifier_accepts(
        live_server, settings, app, tmp_path):
    learning = learner_in_course(app, settings)
    public_id = award(app, learning)
    credential = credential_of(settings, public_id)

    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", OB3]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{settings.base_url}/badges/{public_id}"
    assert credential["issuer"]["id"].startswith(f"{settings.base_url}/badges/issuers/")
    assert credential["issuer"]["type"] == ["Profile"] and credential["issuer"]["name"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Werkbegeleider: leerlijn afgerond"
    assert "What the participant did" in achievement["criteria"]["narrative"]
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    # The learner is a salted hash only: no name, no e-mail address, no LMS user id.
    identity = credential["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    text = json.dumps(credential)
    assert "@" not in identity["identityHash"] and "devlms-learner-1" not in text

    verdict = verify_independently(credential, settings.base_url, tmp_path)
    assert verdict == {"verified": True, "signature": True, "revoked": False, "errors": []}


def test_a_changed_badge_is_refused_by_the_verifier_and_by_the_tools_page(
        live_server, settings, app, tmp_path):
    public_id = award(app, learner_in_course(app, settings))
    tampered = copy.deepcopy(credential_of(settings, public_id))
    tampered["credentialSubject"]["achievement"]["name"] = "Directeur: leerlijn afgerond"
    verdict = verify_independently(tampered, settings.base_url, tmp_path)
    assert verdict["verified"] is False and verdict["signature"] is False
    assert verdict["errors"]

    with app.extensions["db"].session() as session:
        session.execute(update(IssuedBadge).where(IssuedBadge.public_id == public_id)
                        .values(credential=tampered))
    page = requests.get(f"{settings.base_url}/badges/{public_id}", timeout=30)
    assert page.status_code == 200 and "Deze badge klopt niet." in page.text


def test_the_baked_png_carries_the_same_credential(live_server, settings, app):
    public_id = award(app, learner_in_course(app, settings))
    answer = requests.get(f"{settings.base_url}/badges/{public_id}/badge.png?download=1", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/png"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.content.startswith(b"\x89PNG\r\n\x1a\n")
    baked = unbake(answer.content)
    assert baked is not None and json.loads(baked) == credential_of(settings, public_id)


def test_awarding_twice_at_the_same_moment_gives_one_badge(live_server, settings, app):
    learning = learner_in_course(app, settings)
    barrier = threading.Barrier(4)
    public_ids: list[str] = []
    errors: list[BaseException] = []

    def give() -> None:
        try:
            barrier.wait()
            public_ids.append(award(app, learning))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=give) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(public_ids) == 4 and len(set(public_ids)) == 1
    assert award(app, learning) == public_ids[0]  # and once more, later
    with app.extensions["db"].session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedBadge)) == 1


def test_award_refuses_an_unknown_achievement_and_another_organisations_learner(live_server, settings, app):
    learning = learner_in_course(app, settings)
    with pytest.raises(UnknownAchievementError):
        award(app, learning, achievement="iets-anders")
    with app.extensions["db"].session() as session:
        other = Organisation(slug="roc-oost", name="ROC Oost")
        session.add(other)
        session.flush()
        other_id = other.id
    with app.app_context(), app.extensions["db"].session() as session, pytest.raises(BadgeScopeError):
        award_badge(session, organisation_id=other_id, learner_id=learning.learner_id,
                    course_id=learning.course_id, achievement=ACHIEVEMENT)


def test_the_operator_revokes_with_a_form_token_and_verifiers_then_refuse(
        live_server, settings, app, admin_auth, tmp_path):
    public_id = award(app, learner_in_course(app, settings))
    with app.extensions["db"].session() as session:
        badge = session.scalars(select(IssuedBadge).where(IssuedBadge.public_id == public_id)).one()
        badge_id, index = badge.id, badge.status_index

    listing = requests.get(f"{settings.base_url}/admin/badges/", auth=AUTH, timeout=30)
    assert listing.status_code == 200 and listing.headers["X-Frame-Options"] == "DENY"
    assert public_id[:8] in listing.text
    assert requests.get(f"{settings.base_url}/admin/badges/", timeout=30).status_code == 401
    token = re.search(r'name="form_token" value="([^"]+)"', listing.text).group(1)
    url = f"{settings.base_url}/admin/badges/{badge_id}/intrekken"
    assert requests.post(url, auth=AUTH, timeout=30, allow_redirects=False).status_code == 400
    other_form = requests.post(url, auth=AUTH, timeout=30, allow_redirects=False,
                               data={"form_token": token + "x"})
    assert other_form.status_code == 400
    done = requests.post(url, auth=AUTH, timeout=30, allow_redirects=False, data={"form_token": token})
    assert done.status_code == 303 and done.headers["Location"].endswith("notice=revoked")
    again = requests.post(url, auth=AUTH, timeout=30, allow_redirects=False, data={"form_token": token})
    assert again.headers["Location"].endswith("notice=not-revoked")

    credential = credential_of(settings, public_id)
    status = requests.get(credential["credentialStatus"]["statusListCredential"], timeout=30).json()
    assert is_set(decode_list(status["credentialSubject"]["encodedList"]), index)
    with app.extensions["db"].session() as session:
        key = session.scalars(select(BadgeKey)).first()
        assert proof_holds(status, public_key_of(key.public_multibase))

    verdict = verify_independently(credential, settings.base_url, tmp_path)
    assert verdict["signature"] is True and verdict["revoked"] is True and verdict["verified"] is False
    page = requests.get(f"{settings.base_url}/badges/{public_id}", timeout=30)
    assert "Deze badge is ingetrokken." in page.text


def test_the_verification_page_speaks_dutch_and_english_and_json_on_request(live_server, settings, app):
    public_id = award(app, learner_in_course(app, settings))
    url = f"{settings.base_url}/badges/{public_id}"
    dutch = requests.get(url, timeout=30)
    assert dutch.status_code == 200 and "Deze badge is echt en geldig." in dutch.text
    english = requests.get(url, timeout=30, headers={"Accept-Language": "en"})
    assert "This badge is genuine and valid." in english.text
    assert "Workplace mentor: learning path completed" in english.text
    assert "This badge is genuine" in requests.get(f"{url}?taal=en", timeout=30).text
    as_json = requests.get(url, timeout=30, headers={"Accept": "application/ld+json"})
    assert as_json.json()["id"] == url
    achievement = as_json.json()["credentialSubject"]["achievement"]
    picture = requests.get(achievement["image"]["id"], timeout=30)
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
    assert requests.get(achievement["id"], timeout=30).json()["name"] == achievement["name"]
    issuer = requests.get(as_json.json()["issuer"]["id"], timeout=30).json()
    assert issuer["assertionMethod"] == [as_json.json()["proof"]["verificationMethod"]]
    for missing in ("/badges/no-such-badge", "/badges/issuers/no-such-org", "/badges/" + "x" * 300,
                    "/badges/issuers/devlms/keys/nope", "/badges/issuers/devlms/achievements/nope",
                    "/badges/issuers/no-such-org/status", "/badges/no-such-badge/badge.png",
                    "/badges/%C3%A9/credential.json"):
        assert requests.get(settings.base_url + missing, timeout=30).status_code == 404, missing
    for odd in ("/badges/%00", "/badges/issuers/devlms%00/status", "/badges/mijn/1"):
        assert requests.get(settings.base_url + odd, timeout=30).status_code < 500, odd


def test_only_the_learner_sees_their_badge_page(live_server, settings, app):
    learning = learner_in_course(app, settings)
    page = f"{settings.base_url}/badges/mijn/{learning.course_id}"
    empty = requests.get(page, params={"lt": learning.token}, timeout=30)
    assert empty.status_code == 200 and "nog geen badge" in empty.text
    public_id = award(app, learning)
    mine = requests.get(page, params={"lt": learning.token}, timeout=30)
    assert mine.status_code == 200 and public_id in mine.text
    assert requests.get(page, timeout=30).status_code == 401
    other = learner_in_course(app, settings, "devlms-learner-2")
    theirs = requests.get(page, params={"lt": other.token}, timeout=30)
    assert theirs.status_code == 200 and public_id not in theirs.text
    wrong_course = requests.get(f"{settings.base_url}/badges/mijn/{learning.course_id + 999}",
                                params={"lt": learning.token}, timeout=30)
    assert wrong_course.status_code == 403


def test_award_writes_in_the_callers_transaction_with_its_first_key(live_server, settings, app):
    """The leerlijn calls ``award_badge`` amid its own writes: the badge (and the tool's very
    first badge key) are part of that transaction, so a rollback leaves nothing behind and
    the call never waits for a lock its caller holds (SQLite has one writer)."""
    learning = learner_in_course(app, settings)
    with app.app_context():
        session = app.extensions["db"].session_factory()
        try:
            session.add(Organisation(slug="roc-west", name="ROC West"))
            session.flush()  # the caller holds the write lock now
            award_badge(session, organisation_id=learning.organisation_id,
                        learner_id=learning.learner_id, course_id=learning.course_id,
                        achievement=ACHIEVEMENT)
            session.rollback()
        finally:
            session.close()
    with app.extensions["db"].session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedBadge)) == 0
        assert session.scalar(select(func.count()).select_from(BadgeKey)) == 0
    award(app, learning)
    with app.extensions["db"].session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedBadge)) == 1
        assert session.scalar(select(func.count()).select_from(BadgeKey)) == 1
