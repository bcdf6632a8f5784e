"""pylti1p3's session service on top of our single-use server-side state store.

pylti1p3 keeps state and nonce in the Flask session (a cookie) and only checks
that a nonce *exists*, so a replayed id_token passes. Here both live server-side
and are consumed on first use; the login binds the nonce to its state.
"""

from __future__ import annotations

from typing import Any

from pylti1p3.session import SessionService

from .state_store import StateStore

LOGIN_TTL_SECONDS = 10 * 60


class ServerSideSessionService(SessionService):
    def __init__(self, store: StateStore) -> None:  # no Flask request/session needed
        self._store = store

    def save_nonce(self, nonce: str) -> None:
        self._store.put("nonce:" + nonce, {"nonce": nonce}, LOGIN_TTL_SECONDS)

    def take_nonce(self, nonce: str) -> bool:
        return self._store.take("nonce:" + nonce) is not None

    def check_nonce(self, nonce: str) -> bool:
        return self.take_nonce(nonce)

    def save_state_params(self, state: str, params: dict[str, Any]) -> None:
        self._store.put("state:" + state, params, LOGIN_TTL_SECONDS)

    def take_state_params(self, state: str) -> dict[str, Any] | None:
        return self._store.take("state:" + state)

    def peek_state_params(self, state: str) -> dict[str, Any] | None:
        return self._store.peek("state:" + state)

    # pylti1p3 types this as never None, but its own cookie session also answers None for an
    # unknown state, and its login checks for that.
    def get_state_params(self, state: str) -> dict[str, Any] | None:  # type: ignore[override]
        return self.take_state_params(state)

    # Our launch keeps its own LaunchSession rows; pylti1p3's launch cache is not used.
    def save_launch_data(self, key: str, jwt_body: Any) -> None:
        return None

    def get_launch_data(self, key: str) -> Any:
        return None

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False
