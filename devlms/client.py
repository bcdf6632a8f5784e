"""A browserless walk through a launch from the development LMS, over real HTTP.

It does what a browser does for the user: pick a user, open the placement, follow
the iframe's login redirects, submit the auto-post form with the id_token, and
arrive at the tool's first page. The end-to-end tests and the launch benchmark use it.
It also starts deep linking requests and Dynamic Registration the same way.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import requests
from requests.cookies import extract_cookies_to_jar

from lti_tool.http import EgressPolicy, OutboundSession
from lti_tool.settings import Settings


class _FormAndFrameParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.iframe_src: str | None = None
        self.form_action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "iframe" and self.iframe_src is None:
            self.iframe_src = values.get("src")
        elif tag == "form" and self.form_action is None:
            self.form_action = values.get("action")
        elif tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.fields[values["name"]] = values.get("value", "")


def parse_page(html: str) -> _FormAndFrameParser:
    """The first iframe src, and the first form with its hidden fields."""
    parser = _FormAndFrameParser()
    parser.feed(html)
    return parser


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def browser_like_cookies(session: requests.Session) -> None:
    """Browsers treat http://localhost and http://127.0.0.1 as secure contexts, so a
    ``Secure`` cookie set there comes back; ``requests`` sends such cookies over https
    only. After every response (and redirect hop), loopback cookies lose the flag."""

    def hook(response: requests.Response, *args: t.Any, **kwargs: t.Any) -> None:
        extract_cookies_to_jar(session.cookies, response.request, response.raw)
        for cookie in session.cookies:
            if cookie.secure and cookie.domain.removesuffix(".local") in LOOPBACK:
                cookie.secure = False

    session.hooks["response"].append(hook)


@dataclass
class LaunchResult:
    response: requests.Response
    launch_token: str

    @property
    def url(self) -> str:
        return self.response.url


@dataclass
class DeepLinkStart:
    """The tool's answer to a deep linking request (its content picker, normally)."""

    response: requests.Response
    claims: dict  # the id_token's claims, as posted to the tool (not verified here)

    @property
    def return_url(self) -> str:
        return self.claims[DL_SETTINGS]["deep_link_return_url"]

    @property
    def data(self) -> str:
        return self.claims[DL_SETTINGS]["data"]


DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
COURSE = "course-werkbegeleiding"
STORAGE_COOKIE = "devlms_platform_storage"


class DevLmsClient:
    """A user of the devlms without a browser.

    Without JavaScript it cannot answer the tool's platform storage postMessages, so by
    default it asks the devlms not to offer storage (``devlms_platform_storage=0``
    cookie); pass ``platform_storage=True`` (or per launch) to get ``lti_storage_target``.
    """

    def __init__(self, devlms_base_url: str, session: requests.Session | None = None, *,
                 platform_storage: bool = False, egress: EgressPolicy | None = None) -> None:
        self.base = devlms_base_url.rstrip("/")
        # It plays a browser, so it follows redirects; each hop is still checked.
        policy = egress or EgressPolicy.from_settings(Settings.from_env())
        self.http = session or OutboundSession(replace(policy, follow_redirects=True))
        browser_like_cookies(self.http)
        self.http.cookies.set(STORAGE_COOKIE, "1" if platform_storage else "0")

    def sign_in(self, username: str) -> None:
        response = self.http.post(self.base + "/login", data={"user": username}, allow_redirects=False)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"devlms sign-in failed: {response.status_code}")

    def _frame_form(self, page_url: str, **params: str) -> _FormAndFrameParser:
        """Open a devlms page framing the tool, follow the frame to the id_token form."""
        page = self.http.get(page_url, params=params or None)
        page.raise_for_status()
        frame_src = parse_page(page.text).iframe_src
        if not frame_src:
            raise RuntimeError(f"the devlms page {page.url} has no iframe")
        autopost = self.http.get(urljoin(page.url, frame_src))
        autopost.raise_for_status()
        form = parse_page(autopost.text)
        if not form.form_action or "id_token" not in form.fields:
            raise RuntimeError(f"no id_token form after the login redirects ({autopost.url})")
        return form

    def launch(self, placement: str, *, platform_storage: bool | None = None) -> LaunchResult:
        """Launch ``placement`` as the signed-in user; ``platform_storage`` overrides the
        client's default for this launch."""
        params = {} if platform_storage is None else {
            "platform_storage": "1" if platform_storage else "0"}
        form = self._frame_form(f"{self.base}/launch/{placement}", **params)
        landed = self.http.post(form.form_action or "", data=form.fields)
        token = parse_qs(urlsplit(landed.url).query).get("lt", [""])[0]
        return LaunchResult(response=landed, launch_token=token)

    def deep_link(self, context_id: str = COURSE, *, user: str = "devlms-instructor-1",
                  client_id: str | None = None,
                  platform_storage: bool | None = None) -> DeepLinkStart:
        """Sign in as ``user`` (an instructor) and start "Inhoud toevoegen uit de tool"
        for tool ``client_id`` (default: the built-in tool): the LtiDeepLinkingRequest is
        posted to the tool; its answer (the content picker) is returned."""
        self.sign_in(user)
        params = {"tool": client_id} if client_id else {}
        if platform_storage is not None:
            params["platform_storage"] = "1" if platform_storage else "0"
        form = self._frame_form(f"{self.base}/course/{context_id}/deep-link", **params)
        claims = jwt.decode(form.fields["id_token"], options={"verify_signature": False})
        landed = self.http.post(form.form_action or "", data=form.fields)
        return DeepLinkStart(response=landed, claims=claims)

    def return_deep_link(self, response_jwt: str) -> requests.Response:
        """POST a deep linking response ``JWT`` to the devlms, as the tool's form does."""
        return self.http.post(f"{self.base}/deep-linking/return", data={"JWT": response_jwt})

    def submit_form(self, response: requests.Response) -> requests.Response:
        """Submit the first form of ``response`` with its hidden fields (an auto-post)."""
        form = parse_page(response.text)
        if not form.form_action:
            raise RuntimeError(f"no form on {response.url}")
        return self.http.post(urljoin(response.url, form.form_action), data=form.fields)

    def dynamic_registration_urls(self, registration_url: str,
                                  behaviour: str | None = None) -> tuple[str, str]:
        """Sign in as the admin and start "Tool registreren" with ``registration_url`` (the
        tool's one-time registration link): the ``openid_configuration`` URL and the
        one-time ``registration_token`` the tool's registration page gets. ``behaviour``
        (``moodle``, ``canvas``, ``canvas-classic``) is the LMS the devlms behaves as."""
        self.sign_in("devlms-admin")
        data = {"registration_url": registration_url}
        if behaviour:
            data["behaviour"] = behaviour
        page = self.http.post(f"{self.base}/admin/tools/register", data=data)
        page.raise_for_status()
        src = parse_page(page.text).iframe_src or ""
        query = parse_qs(urlsplit(src).query)
        return query["openid_configuration"][0], query["registration_token"][0]

    def activate_tool(self, client_id: str) -> None:
        """Sign in as the admin and activate a (dynamically registered) pending tool."""
        self.sign_in("devlms-admin")
        response = self.http.post(f"{self.base}/admin/tools/{client_id}/activate",
                                  allow_redirects=False)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"activating {client_id} failed: {response.status_code}")

    def add_placement(self, title: str, content_item: str, *, client_id: str | None = None,
                      context_id: str = COURSE) -> str:
        """Sign in as the instructor and add a placement (for tool ``client_id``, default the
        built-in tool) with a gradebook column; returns its resource link id."""
        self.sign_in("devlms-instructor-1")
        data = {"title": title, "content_item": content_item}
        if client_id:
            data["tool"] = client_id
        response = self.http.post(f"{self.base}/course/{context_id}/placements", data=data,
                                  allow_redirects=False)
        fragment = urlsplit(response.headers.get("Location", "")).fragment
        if response.status_code not in (302, 303) or not fragment.startswith("plaatsing-"):
            raise RuntimeError(f"adding the placement failed: {response.status_code}")
        return fragment.removeprefix("plaatsing-")
