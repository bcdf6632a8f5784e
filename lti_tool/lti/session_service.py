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
    """The login stores its nonce together with its state (pylti1p3 saves the nonce first,
    then the state: the nonce waits for the state, so both go in one write). The launch
    consumes both at once with :meth:`take_state_and_nonce`."""

    def __init__(self, store: StateStore) -> None:  # no Flask request/session needed
        self._store = store
        self._pending_nonce: str | None = None
        # The registrations' generation token read with the login's write (Redis only).
        self.generation_seen: str | None = None

    def save_nonce(self, nonce: str) -> None:
        self._pending_nonce = nonce

    def save_state_params(self, state: str, params: dict[str, Any]) -> None:
        values = {"state:" + state: params}
        if self._pending_nonce is not None:
            values["nonce:" + self._pending_nonce] = {"nonce": self._pending_nonce}
            self._pending_nonce = None
        self.generation_seen = self._store.put_many(values, LOGIN_TTL_SECONDS)

    def take_state_and_nonce(self, state: str, nonce: str) -> tuple[dict[str, Any] | None, bool]:
        """Consume the state and the nonce together: (the state's params or ``None`` when
        already used or expired, whether the nonce was still unused)."""
        params, nonce_entry = self._store.take_many(["state:" + state, "nonce:" + nonce])
        return params, nonce_entry is not None

    def take_state_and_nonce_if(self, state: str, nonce: str, iss: str,
                                client_id: str) -> tuple[dict[str, Any] | None, bool | None]:
        """The state's params (``None``: unknown, expired or used), and only when they name
        this ``nonce``, ``iss`` and ``client_id``: state and nonce consumed together, with
        whether the nonce was still unused (``None``: nothing consumed). One round trip on Redis."""
        params, found = self._store.take_if("state:" + state,
                                            {"nonce": nonce, "iss": iss, "client_id": client_id},
                                            ["nonce:" + nonce])
        return params, None if found is None else found[0]

    def check_nonce(self, nonce: str) -> bool:
        return self._store.take_many(["nonce:" + nonce])[0] is not None

    def peek_state_params(self, state: str) -> dict[str, Any] | None:
        return self._store.peek("state:" + state)

    # pylti1p3 types this as never None, but its own cookie session also answers None for an
    # unknown state, and its login checks for that.
    def get_state_params(self, state: str) -> dict[str, Any] | None:  # type: ignore[override]
        return self._store.take_many(["state:" + state])[0]

    # Our launch keeps its own LaunchSession rows; pylti1p3's launch cache is not used.
    def save_launch_data(self, key: str, jwt_body: Any) -> None:
        return None

    def get_launch_data(self, key: str) -> Any:
        return None

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False
