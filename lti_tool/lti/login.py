"""OIDC third-party initiated login (the first step of every LTI 1.3 launch)."""

from __future__ import annotations

from typing import Any

from pylti1p3.contrib.flask import FlaskCookieService, FlaskOIDCLogin, FlaskRequest

from .session_service import ServerSideSessionService


class ToolOIDCLogin(FlaskOIDCLogin):
    """Binds the nonce to the state, so the launch can require exactly that pair.

    ``extra_state`` is kept with the state too (how the browser is bound, and the
    login parameters for an 'open in a new window' retry).
    """

    def __init__(self, request: FlaskRequest, tool_config: Any,
                 session_service: ServerSideSessionService, extra_state: dict[str, Any]) -> None:
        # pylti1p3's Flask login types its session as the cookie one; any SessionService works.
        super().__init__(request, tool_config, session_service=session_service,  # type: ignore[arg-type]
                         cookie_service=FlaskCookieService(request))
        self._extra_state = extra_state
        self._state_params = {}

    def _generate_nonce(self) -> str:
        nonce = super()._generate_nonce()
        self._state_params = {"nonce": nonce, "iss": self._registration.get_issuer(),
                              "client_id": self._registration.get_client_id(), **self._extra_state}
        return nonce
