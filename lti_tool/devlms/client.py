"""A browserless walk through a launch from the development LMS, over real HTTP.

It does what a browser does for the user: pick a user, open the placement, follow
the iframe's login redirects, submit the auto-post form with the id_token, and
arrive at the tool's first page. The end-to-end tests and the launch benchmark use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from ..http import OutboundSession


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


@dataclass
class LaunchResult:
    response: requests.Response
    launch_token: str

    @property
    def url(self) -> str:
        return self.response.url


class DevLmsClient:
    def __init__(self, devlms_base_url: str, session: requests.Session | None = None) -> None:
        self.base = devlms_base_url.rstrip("/")
        self.http = session or OutboundSession()

    def sign_in(self, username: str) -> None:
        response = self.http.post(self.base + "/login", data={"user": username}, allow_redirects=False)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"devlms sign-in failed: {response.status_code}")

    def launch(self, placement: str) -> LaunchResult:
        page = self.http.get(f"{self.base}/launch/{placement}")
        page.raise_for_status()
        frame_src = parse_page(page.text).iframe_src
        if not frame_src:
            raise RuntimeError("the devlms launch page has no iframe")
        autopost = self.http.get(urljoin(page.url, frame_src))
        autopost.raise_for_status()
        form = parse_page(autopost.text)
        if not form.form_action or "id_token" not in form.fields:
            raise RuntimeError(f"no id_token form after the login redirects ({autopost.url})")
        landed = self.http.post(form.form_action, data=form.fields)
        token = parse_qs(urlsplit(landed.url).query).get("lt", [""])[0]
        return LaunchResult(response=landed, launch_token=token)
