"""Development LMS in real Chromium: platform storage answered by the launch page, the
deep linking round trip, Dynamic Registration's close message, and axe on its pages.

The tool's side is played by pages this test serves on the tool's origin (Playwright
routes), so these tests exercise the devlms alone.
"""

from __future__ import annotations

import html
import json
import re
import time
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from tests.browser_support import assert_accessible
from tests.registration_support import registration_link

pytestmark = pytest.mark.browser
PLACEMENT = "de-rol-van-de-werkbegeleider"
COURSE = "course-werkbegeleiding"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"

STORAGE_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Opslagtest</title></head><body><main><h1>Opslagtest</h1><pre id="results"></pre></main>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var target = params.get("lti_storage_target");
  var platform = new URL(params.get("iss")).origin;
  var results = {target: target, replies: []};
  var steps = [
    {subject: "lti.capabilities", message_id: "m1"},
    {subject: "lti.put_data", message_id: "m2", key: "state_abc", value: "nonce-123"},
    {subject: "lti.get_data", message_id: "m3", key: "state_abc"},
    {subject: "org.imsglobal.lti.put_data", message_id: "m4", key: "k2", value: "v2"},
    {subject: "org.imsglobal.lti.get_data", message_id: "m5", key: "k2"},
    {subject: "lti.get_data", message_id: "m6", key: "never-stored"},
    {subject: "org.imsglobal.lti.capabilities", message_id: "m7"},
    {subject: "lti.put_data", message_id: "m8", value: "no key"}
  ];
  var i = 0;
  function finish() {
    document.getElementById("results").textContent = JSON.stringify(results);
    document.body.setAttribute("data-done", "1");
  }
  function next() {
    if (!target || i >= steps.length) { finish(); return; }
    var frame = target === "_parent" ? window.parent : window.parent.frames[target];
    frame.postMessage(steps[i++], platform);
  }
  window.addEventListener("message", function (event) {
    results.replies.push({origin: event.origin, data: event.data});
    next();
  });
  next();
})();
</script></body></html>"""


def sign_in(page, devlms: str, username: str) -> None:
    page.goto(devlms + "/")
    page.check(f"#user-{username}")
    page.get_by_role("button", name="Inloggen").click()


def tool_frame(page, base_url: str):
    return next(frame for frame in page.frames if frame.url.startswith(base_url))


def follow_initiations_by_navigation(page, settings) -> None:
    """Playwright routes do not see redirect hops: serve the devlms's login initiation
    redirect (fetched for real) as a meta refresh, so the tool's login URL is requested
    as a navigation of its own that a route can answer."""
    def hop(route) -> None:
        real = route.fetch(max_redirects=0)
        target = html.escape(real.headers["location"])
        route.fulfill(status=200, content_type="text/html", body=(
            '<!doctype html><html lang="nl"><head><title>Doorsturen</title>'
            f'<meta http-equiv="refresh" content="0;url={target}"></head><body></body></html>'))

    page.route(re.compile(re.escape(settings.devlms_base_url) + r"/.*/initiate(\?.*)?$"), hop)


def serve_storage_page(page, settings) -> None:
    follow_initiations_by_navigation(page, settings)
    page.route(re.compile(re.escape(settings.base_url) + r"/lti/login.*"),
               lambda route: route.fulfill(status=200, content_type="text/html",
                                           body=STORAGE_PAGE))


def test_launch_page_answers_platform_storage_messages(page, live_server, settings):
    serve_storage_page(page, settings)
    sign_in(page, settings.devlms_base_url, "devlms-learner-1")
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}")
    page.frame_locator("iframe.devlms-tool-frame").locator("body[data-done='1']").wait_for()
    results = json.loads(tool_frame(page, settings.base_url).inner_text("#results"))
    assert results["target"] == "_parent"
    replies = {reply["data"]["message_id"]: reply["data"] for reply in results["replies"]}
    origins = {reply["origin"] for reply in results["replies"]}
    assert origins == {urlsplit(settings.devlms_base_url)._replace(path="").geturl()}
    subjects = {entry["subject"] for entry in replies["m1"]["supported_messages"]}
    assert {"lti.put_data", "lti.get_data", "org.imsglobal.lti.get_data"} <= subjects
    assert replies["m1"]["subject"] == "lti.capabilities.response"
    assert replies["m2"] == {"subject": "lti.put_data.response", "message_id": "m2",
                             "key": "state_abc", "value": "nonce-123"}
    assert replies["m3"] == {"subject": "lti.get_data.response", "message_id": "m3",
                             "key": "state_abc", "value": "nonce-123"}
    assert replies["m5"]["subject"] == "org.imsglobal.lti.get_data.response"
    assert replies["m5"]["value"] == "v2"
    assert replies["m6"]["error"]["code"] == "bad_request" and "value" not in replies["m6"]
    assert replies["m7"]["subject"] == "org.imsglobal.lti.capabilities.response"
    assert replies["m8"]["error"]["code"] == "bad_request"
    stored = page.evaluate("() => Object.assign({}, window.sessionStorage)")
    assert stored[f"devlms.lti-storage:{settings.base_url}:state_abc"] == "nonce-123"
    # A message from any origin but the tool's is ignored (here: the LMS page itself).
    answered = page.evaluate("""() => new Promise(resolve => {
        let got = false;
        window.addEventListener('message', e => { if (e.data && e.data.message_id === 'x1') got = true; });
        window.postMessage({subject: 'lti.get_data', message_id: 'x1', key: 'state_abc'}, '*');
        setTimeout(() => resolve(got), 400);
    })""")
    assert answered is True  # only our own request arrives: no .response to it
    responses = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        window.addEventListener('message', e => seen.push(e.data.subject));
        window.postMessage({subject: 'lti.get_data', message_id: 'x2', key: 'state_abc'}, '*');
        setTimeout(() => resolve(seen), 400);
    })""")
    assert responses == ["lti.get_data"]


def test_storage_can_be_switched_off_per_launch(page, live_server, settings):
    serve_storage_page(page, settings)
    sign_in(page, settings.devlms_base_url, "devlms-learner-1")
    page.goto(f"{settings.devlms_base_url}/launch/{PLACEMENT}?platform_storage=0")
    page.frame_locator("iframe.devlms-tool-frame").locator("body[data-done='1']").wait_for()
    results = json.loads(tool_frame(page, settings.base_url).inner_text("#results"))
    assert results == {"target": None, "replies": []}


FAKE_TOOL = "fake-picker-tool"


def install_fake_tool(app, settings) -> None:
    """A second tool on the tool's origin, served by the real server (a page a browser
    fetched from loopback may post to the loopback LMS; a route-served one may not).

    Its login goes straight to the devlms auth; its launch is a content picker whose
    form posts a deep linking response signed with the tool's real key (real JWKS).
    """
    from flask import redirect, request

    from devlms.models import DevTool
    from lti_tool.lti.keys import ensure_tool_key

    base = settings.base_url

    def login():
        params = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
                  "prompt": "none", "client_id": request.args["client_id"],
                  "redirect_uri": base + "/_fake_tool/launch",
                  "login_hint": request.args["login_hint"],
                  "lti_message_hint": request.args["lti_message_hint"], "state": "s",
                  "nonce": uuid.uuid4().hex}
        return redirect(settings.devlms_base_url + "/auth?" + urlencode(params))

    def launch():
        claims = jwt.decode(request.form["id_token"], options={"verify_signature": False})
        dl = claims[DL + "deep_linking_settings"]
        with app.extensions["db"].session() as session:
            key = ensure_tool_key(session)
            pem, kid = key.private_pem, key.kid
        now = int(time.time())
        token = jwt.encode({
            "iss": claims["aud"], "aud": claims["iss"], "iat": now, "exp": now + 300,
            "nonce": uuid.uuid4().hex, CLAIM + "deployment_id": claims[CLAIM + "deployment_id"],
            CLAIM + "message_type": "LtiDeepLinkingResponse", CLAIM + "version": "1.3.0",
            DL + "data": dl["data"], DL + "content_items": [
                {"type": "ltiResourceLink", "title": "Feedback geven",
                 "custom": {"content_item": "feedback-geven"}, "lineItem": {"scoreMaximum": 5}}],
        }, pem, algorithm="RS256", headers={"kid": kid})
        return (f'<!doctype html><html lang="nl"><head><title>Kiezen</title></head><body><main>'
                f'<h1>Kiezen</h1><form method="post" action="{dl["deep_link_return_url"]}">'
                f'<input type="hidden" name="JWT" value="{token}">'
                f'<button type="submit">Toevoegen</button></form></main></body></html>')

    app.add_url_rule("/_fake_tool/login", "fake_tool_login", login)
    app.add_url_rule("/_fake_tool/launch", "fake_tool_launch", launch, methods=["POST"])
    with app.extensions["db"].session() as session:
        session.add(DevTool(client_id=FAKE_TOOL, deployment_id="fake-1", name="Inhoudskiezer",
                            status="active", initiate_login_uri=base + "/_fake_tool/login",
                            target_link_uri=base + "/_fake_tool/launch",
                            redirect_uris=[base + "/_fake_tool/launch"],
                            jwks_uri=base + "/lti/jwks", scopes=[]))


def test_deep_linking_round_trip_returns_to_the_course(page, app, settings, live_server):
    install_fake_tool(app, settings)
    devlms = settings.devlms_base_url
    sign_in(page, devlms, "devlms-instructor-1")
    page.goto(f"{devlms}/course/{COURSE}")
    assert_accessible(page, "on the course page with the deep linking form")
    page.select_option("#deep-link-tool", FAKE_TOOL)
    page.get_by_role("button", name="Inhoud toevoegen uit de tool").click()
    frame = page.frame_locator("iframe.devlms-tool-frame")
    frame.get_by_role("button", name="Toevoegen").click()
    page.wait_for_url(re.compile(re.escape(f"{devlms}/course/{COURSE}") + r"\?toegevoegd=1"))
    assert page.get_by_role("status").inner_text() == "1 activiteit toegevoegd uit de tool."
    assert page.get_by_role("link", name="Feedback geven").is_visible()
    assert_accessible(page, "on the course page after adding content")


def test_deep_linking_pages_are_accessible(page, app, settings, live_server):
    """The confirmation opened top-level stays put (no frame to leave); and the refusal."""
    install_fake_tool(app, settings)
    devlms = settings.devlms_base_url
    sign_in(page, devlms, "devlms-instructor-1")
    page.goto(f"{devlms}/course/{COURSE}/deep-link?tool={FAKE_TOOL}")
    picker = page.frame_locator("iframe.devlms-tool-frame")
    picker.get_by_role("button", name="Toevoegen").wait_for()
    token = picker.locator("input[name=JWT]").get_attribute("value")
    post = """([url, token]) => {
        const form = document.createElement('form');
        form.method = 'post'; form.action = url;
        const input = document.createElement('input');
        input.type = 'hidden'; input.name = 'JWT'; input.value = token;
        form.appendChild(input); document.body.appendChild(form); form.submit();
    }"""
    page.evaluate(post, [f"{devlms}/deep-linking/return", token])
    page.get_by_role("heading", name="Inhoud toegevoegd").wait_for()
    assert page.url == f"{devlms}/deep-linking/return"
    assert_accessible(page, "on the deep linking confirmation")
    page.evaluate(post, [f"{devlms}/deep-linking/return", token])  # its nonce is spent
    page.get_by_role("heading", name="Antwoord van de tool geweigerd").wait_for()
    assert page.locator("dd code").inner_text() == "nonce"
    assert_accessible(page, "on the deep linking refusal page")


def test_registration_close_message_shows_the_pending_tool(page, live_server, settings, app):
    devlms = settings.devlms_base_url
    link = registration_link(app, settings)
    page.route(re.compile(re.escape(settings.base_url) + r"/lti/register.*"),
               lambda route: route.fulfill(status=200, content_type="text/html", body=(
                   '<!doctype html><html lang="nl"><head><title>Registratie</title></head>'
                   '<body><main><h1>Registratie</h1><button id="close">Klaar</button></main>'
                   '<script>document.getElementById("close").addEventListener("click", '
                   'function () { window.parent.postMessage({subject: '
                   '"org.imsglobal.lti.close"}, "*"); });</script></body></html>')))
    sign_in(page, devlms, "devlms-admin")
    page.goto(f"{devlms}/admin/tools")
    assert_accessible(page, "on the tools page")
    page.get_by_label("Registratielink van de tool").fill(link)
    page.get_by_role("button", name="Tool registreren").click()
    page.frame_locator("iframe.devlms-registration-frame").get_by_role("button").wait_for()
    assert_accessible(page, "on the registration page")
    frame = tool_frame(page, settings.base_url)
    query = {k: v[0] for k, v in parse_qs(urlsplit(frame.url).query).items()}
    config = requests.get(query["openid_configuration"], timeout=5).json()
    base = settings.base_url
    body = {"application_type": "web", "response_types": ["id_token"],
            "grant_types": ["implicit", "client_credentials"],
            "initiate_login_uri": base + "/lti/login", "redirect_uris": [base + "/lti/launch"],
            "client_name": "Werkbegeleiding (DR)", "jwks_uri": base + "/lti/jwks",
            "token_endpoint_auth_method": "private_key_jwt", "scope": "",
            TOOL_CONF: {"domain": urlsplit(base).netloc, "target_link_uri": base + "/lti/launch"}}
    answer = requests.post(config["registration_endpoint"], json=body, timeout=5,
                           headers={"Authorization": "Bearer " + query["registration_token"]})
    assert answer.status_code == 200
    page.frame_locator("iframe.devlms-registration-frame").get_by_role(
        "button", name="Klaar").click()
    page.get_by_role("heading", name="Tool geregistreerd").wait_for()
    assert "In afwachting van activering" in page.inner_text("main")
    assert_accessible(page, "on the registered tool page")
    page.get_by_role("button", name="Werkbegeleiding (DR) activeren").click()
    page.get_by_role("status").wait_for()
    row = page.locator("tr", has_text=answer.json()["client_id"])
    assert "Actief" in row.inner_text()


def test_canvas_mode_registration_shows_the_placements(page, live_server, settings, app):
    """The admin registers the real tool with the devlms behaving as Canvas; after the
    tool's close message the devlms lists the placements Canvas made of the request."""
    devlms = settings.devlms_base_url
    link = registration_link(app, settings, "school-canvas")
    sign_in(page, devlms, "devlms-admin")
    page.goto(f"{devlms}/admin/tools")
    page.get_by_label("Registratielink van de tool").fill(link)
    page.get_by_label("Gedraag je als").select_option("canvas")
    page.get_by_role("button", name="Tool registreren").click()
    frame = page.frame_locator("iframe.devlms-registration-frame")
    frame.get_by_role("heading", name="De tool is aangemeld").wait_for()
    frame.get_by_role("button", name="Sluiten en terug naar de leeromgeving").click()
    page.get_by_role("heading", name="Tool geregistreerd").wait_for()
    facts = page.inner_text("main")
    assert "Canvas" in facts
    for name in ("assignment_selection", "link_selection", "course_navigation"):
        assert name in facts
    assert "zichtbaar voor admins" in facts and "standaard uit" not in facts
    assert_accessible(page, "on the registered tool page in Canvas mode")
