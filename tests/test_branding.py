"""An organisation's look, set on a page by its LMS administrator or the operator: a name
that is never a host, a logo that is only ever an image, colours that keep WCAG AA."""

from __future__ import annotations

import re
import struct
import threading
import zlib

import pytest
import requests
from conftest import ADMIN_TOKEN
from sqlalchemy import create_engine, select, text

from devlms.client import DevLmsClient
from devlms.constants import ORGANISATION_SLUG, PLATFORM_NAME
from lti_tool.admin.branding_settings import contrast_ratio
from lti_tool.branding import looks_like_host
from lti_tool.lti.provisioning import remember_platform_name
from lti_tool.models import Organisation, OrganisationLogo, PlatformRegistration
from lti_tool.security_headers import style_source
from tests.registration_support import registration_link

PLACEMENT = "de-rol-van-de-werkbegeleider"
AUTH = ("admin", ADMIN_TOKEN)


def png(width: int = 2, height: int = 1) -> bytes:
    """A real (tiny) PNG, built by hand: the tool has no image library to make one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def launch(settings, username: str) -> str:
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in(username)
    return lms.launch(PLACEMENT).launch_token


def organisation(app, slug: str = ORGANISATION_SLUG) -> Organisation:
    with app.extensions["db"].session() as session:
        return session.scalar(select(Organisation).where(Organisation.slug == slug))


def post(settings, token: str, *, name: str = "ROC Midden", primary: str = "#0b5e3b",
         accent: str = "#8a4b00", logo: tuple[str, bytes, str] | None = None,
         **extra: str) -> requests.Response:
    files = {"logo": logo} if logo else None
    return requests.post(f"{settings.base_url}/huisstijl/", allow_redirects=False, timeout=30,
                         data={"lt": token, "display_name": name, "primary_color": primary,
                               "accent_color": accent, **extra}, files=files)


@pytest.mark.parametrize(("first", "second", "ratio"), [
    ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48),
    ("#1d4f91", "#ffffff", 8.14), ("#b3541e", "#ffffff", 5.0)])
def test_contrast_ratio_as_wcag_computes_it(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(("name", "host"), [
    ("127.0.0.1:8088", True), ("moodle.school.nl", True), ("https://lms.example/", True),
    ("ROC Midden", False), ("St. Jozef College", False), ("Ontwikkel-LMS (demo)", False)])
def test_a_host_is_no_name(name, host):
    assert looks_like_host(name) is host


def test_the_lms_administrator_sets_name_colours_and_logo_and_learners_see_them(live_server, settings,
                                                                              app):
    admin = launch(settings, "devlms-admin")
    overview = requests.get(f"{settings.base_url}/dashboard/", params={"lt": admin}, timeout=30).text
    assert f'href="/huisstijl/?lt={admin}" data-link="branding"' in overview
    teacher = launch(settings, "devlms-instructor-1")
    assert 'data-link="branding"' not in requests.get(f"{settings.base_url}/dashboard/",
                                                      params={"lt": teacher}, timeout=30).text
    form = requests.get(f"{settings.base_url}/huisstijl/", params={"lt": admin}, timeout=30)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    assert f'value="{admin}"' in form.text  # the launch token is the form's CSRF token

    saved = post(settings, admin, logo=("logo.png", png(), "image/png"))
    assert saved.status_code == 303 and "notice=saved" in saved.headers["Location"]
    again = requests.get(settings.base_url + saved.headers["Location"], timeout=30)
    assert "De huisstijl is opgeslagen." in again.text and "Huisstijl van ROC Midden" in again.text

    stored = organisation(app)
    assert (stored.display_name, stored.primary_color, stored.accent_color) == (
        "ROC Midden", "#0b5e3b", "#8a4b00")
    learner = requests.get(f"{settings.base_url}/learn/course",
                           params={"lt": launch(settings, "devlms-learner-1")}, timeout=30)
    learner_page = learner.text
    assert '<span class="brand-name">ROC Midden</span>' in learner_page
    assert f'<img class="brand-logo" src="{stored.logo_url}" alt="ROC Midden">' in learner_page
    # The colours travel inside the page (no round trip before the first paint), allowed by
    # the page's CSP through their hash.
    colours = "html:root{--brand-primary:#0b5e3b;--brand-accent:#8a4b00}"
    assert f"<style>{colours}</style>" in learner_page
    assert style_source(colours) in learner.headers["Content-Security-Policy"]
    brand_css = requests.get(f"{settings.base_url}/brand/{stored.id}.css", timeout=30).text
    assert "--brand-primary:#0b5e3b" in brand_css  # the stylesheet address still answers

    image = requests.get(settings.base_url + stored.logo_url, timeout=30)
    assert image.status_code == 200 and image.content == png()
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image.headers["Content-Security-Policy"]
    assert "immutable" in image.headers["Cache-Control"]


def test_too_little_contrast_is_refused_with_the_ratio_and_nothing_is_stored(live_server, settings, app):
    admin = launch(settings, "devlms-admin")
    before = organisation(app)
    refused = post(settings, admin, primary="#777777", accent="#ffd500")
    assert refused.status_code == 422
    assert ("De hoofdkleur #777777 heeft te weinig contrast met het lichtgrijs van kaders (#f4f6f8): "
            "4,13 : 1.") in refused.text
    assert "Nodig is minstens 4,5 : 1" in refused.text
    assert "De accentkleur #ffd500 heeft te weinig contrast" in refused.text
    assert 'value="#777777"' in refused.text  # what was typed stays in the form
    after = organisation(app)
    assert (after.display_name, after.primary_color) == (before.display_name, before.primary_color)


@pytest.mark.parametrize(("upload", "message"), [
    (("logo.svg", SVG, "image/svg+xml"), "Een SVG-logo kan niet"),
    (("logo.png", b"<html><script>alert(1)</script></html>", "image/png"), "geen PNG, JPEG of WebP"),
    (("logo.png", png() + b"\0" * 600_000, "image/png"), "Het logo is te groot"),
])
def test_a_logo_that_is_no_safe_image_is_refused(live_server, settings, app, upload, message):
    refused = post(settings, launch(settings, "devlms-admin"), logo=upload)
    assert refused.status_code == 422 and message in refused.text
    with app.extensions["db"].session() as session:
        assert session.scalars(select(OrganisationLogo)).all() == []
    assert organisation(app).display_name != "ROC Midden"


def test_only_the_lms_administrator_may_and_only_with_the_launch_token(live_server, settings, app):
    for username in ("devlms-instructor-1", "devlms-learner-1"):
        token = launch(settings, username)
        assert requests.get(f"{settings.base_url}/huisstijl/", params={"lt": token},
                            timeout=30).status_code == 403
        assert post(settings, token).status_code == 403
    forged = requests.post(f"{settings.base_url}/huisstijl/", timeout=30,
                           data={"display_name": "Overgenomen", "primary_color": "#000000",
                                 "accent_color": "#000000"})
    assert forged.status_code == 401
    assert organisation(app).display_name != "Overgenomen"


def test_saving_twice_at_the_same_moment_stores_one_look(live_server, settings, app):
    admin = launch(settings, "devlms-admin")
    barrier = threading.Barrier(4)
    answers: list[int] = []

    def save(colour: str) -> None:
        barrier.wait()
        answers.append(post(settings, admin, primary=colour, logo=("logo.png", png(), "image/png")
                            ).status_code)

    threads = [threading.Thread(target=save, args=(colour,))
               for colour in ("#0b5e3b", "#0b5e3b", "#1d4f91", "#1d4f91")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303] * 4
    with app.extensions["db"].session() as session:
        logos = session.scalars(select(OrganisationLogo)).all()
        assert len(logos) == 1 and logos[0].data == png()
        stored = session.scalar(select(Organisation).where(Organisation.slug == ORGANISATION_SLUG))
        assert stored.primary_color in ("#0b5e3b", "#1d4f91")
        assert stored.logo_url.endswith(logos[0].digest[:16])
    assert post(settings, admin, remove_logo="on").status_code == 303
    assert organisation(app).logo_url is None


def test_the_operator_sets_any_organisations_look(app, client, admin_auth):
    with app.extensions["db"].session() as session:
        other = Organisation(slug="roc-oost", name="roc-oost", platform_name="Moodle ROC Oost")
        session.add(other)
        session.flush()
        other_id = other.id
    listing = client.get("/admin/huisstijl/", auth=AUTH)
    assert listing.status_code == 200 and "Moodle ROC Oost" in listing.text
    assert listing.headers["X-Frame-Options"] == "DENY"
    page = client.get(f"/admin/huisstijl/{other_id}", auth=AUTH).text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    form = {"display_name": "ROC Oost", "primary_color": "#1d4f91", "accent_color": "#b3541e"}
    assert client.post(f"/admin/huisstijl/{other_id}", data=form, auth=AUTH).status_code == 400
    saved = client.post(f"/admin/huisstijl/{other_id}", data={**form, "form_token": token}, auth=AUTH)
    assert saved.status_code == 303
    assert organisation(app, "roc-oost").display_name == "ROC Oost"
    low = client.post(f"/admin/huisstijl/{other_id}", auth=AUTH,
                      data={**form, "primary_color": "#00ff00", "form_token": token})
    assert low.status_code == 422 and "1,26 : 1" in low.text


def test_the_platforms_own_name_is_shown_until_a_name_is_set(live_server, settings, app):
    """A registration link without a name: people see the LMS's own name, never its host."""
    link = registration_link(app, settings, "roc-west")
    lms = DevLmsClient(settings.devlms_base_url)
    openid, token = lms.dynamic_registration_urls(link)
    registered = requests.get(link, params={"openid_configuration": openid, "registration_token": token},
                              timeout=30)
    assert "Werkbegeleiding is geregistreerd bij Ontwikkel-LMS." in registered.text
    assert "localhost:" not in registered.text
    with app.extensions["db"].session() as session:
        client_id = session.scalar(select(PlatformRegistration.client_id).join(Organisation).where(
            Organisation.slug == "roc-west"))
    lms.activate_tool(client_id)
    placement = lms.add_placement("Module", "rol-van-de-werkbegeleider", client_id=client_id)
    lms.sign_in("devlms-learner-1")
    page = lms.launch(placement).response.text
    assert f'<span class="brand-name">{PLATFORM_NAME}</span>' in page
    assert organisation(app, "roc-west").platform_name == PLATFORM_NAME


def test_a_host_name_from_the_platform_is_not_kept(app):
    with app.extensions["db"].session() as session:
        registration = session.scalars(select(PlatformRegistration)).first()
        for name in ("127.0.0.1:8088", "  ", None, {"nested": 1}):
            remember_platform_name(session, registration, {
                "https://purl.imsglobal.org/spec/lti/claim/tool_platform": {"name": name}})
        remember_platform_name(session, registration, {
            "https://purl.imsglobal.org/spec/lti/claim/tool_platform": {"name": "Moodle\0 " + "x" * 300}})
        session.flush()
        stored = session.get(Organisation, registration.organisation_id).platform_name
    assert stored == ("Moodle " + "x" * 300)[:200]


def test_the_migration_keeps_chosen_names_and_drops_host_names(tmp_path):
    from lti_tool.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'branding.sqlite3'}"
    upgrade(url, "0014_hardening")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (slug, name, primary_color, accent_color, created_at) VALUES "
            "('roc-midden', 'ROC Midden', '#1d4f91', '#b3541e', CURRENT_TIMESTAMP), "
            "('moodle', '127.0.0.1:8088', '#1d4f91', '#b3541e', CURRENT_TIMESTAMP), "
            "('canvas', 'canvas.school.nl', '#1d4f91', '#b3541e', CURRENT_TIMESTAMP), "
            "('roc-oost', 'roc-oost', '#1d4f91', '#b3541e', CURRENT_TIMESTAMP)"))
    upgrade(url, "0015_branding")
    with engine.connect() as connection:
        names = dict(connection.execute(text("SELECT slug, display_name FROM organisations")).all())
    engine.dispose()
    assert names == {"roc-midden": "ROC Midden", "moodle": None, "canvas": None, "roc-oost": None}
