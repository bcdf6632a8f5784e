"""Who the guest is on this request: the invite in the path plus a valid guest token.

The token travels in the URL (``gt``) and in forms, like the launch token; a first-party
cookie may carry it too, but only for GET requests: a POST needs the token in its form,
which makes the token the form's CSRF protection.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import g, redirect, request, url_for

from .. import web
from ..errors import ProblemError
from ..marker import N_
from ..models.samenleer import SamenleerInvite, SamenleerTrack
from .invites import GUEST_COOKIE, GUEST_PARAM, guest_token_valid, resolve_invite

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Guest:
    invite_token: str
    guest_token: str
    invite: SamenleerInvite

    @property
    def track(self) -> SamenleerTrack:
        return self.invite.track


def invite_from_path(invite: str) -> SamenleerInvite:
    return resolve_invite(web.db_session(), invite, web.settings().secret_key)


def _token() -> str | None:
    if request.method == "POST":
        return request.form.get(GUEST_PARAM)
    return request.args.get(GUEST_PARAM) or request.cookies.get(GUEST_COOKIE)


def requires_guest(view: F) -> F:
    retrying = web.retry_once_on_conflict(view)

    @functools.wraps(view)
    def wrapper(invite: str, **kwargs: Any) -> Any:
        found = invite_from_path(invite)
        token = _token()
        if not guest_token_valid(token, found, web.settings().secret_key):
            if request.method == "POST":
                raise ProblemError(401, N_("Je sessie is verlopen"),
                                   N_("Open je link opnieuw en vul je code in."), check="samenleer_guest")
            return redirect(url_for("samenleer_gast.entry", invite=invite))
        g.samenleer_guest = Guest(invite, token or "", found)
        return retrying(**kwargs)

    return wrapper  # type: ignore[return-value]


def current_guest() -> Guest:
    return g.samenleer_guest


def guest_url(endpoint: str, **values: Any) -> str:
    guest = current_guest()
    params: dict[str, Any] = {GUEST_PARAM: guest.guest_token}
    return url_for(endpoint, invite=guest.invite_token, **params, **values)
