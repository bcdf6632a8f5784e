"""Reading a platform's Dynamic Registration documents the way the spec allows them to vary.

Platforms differ within the spec: Canvas publishes ``authorization_server`` as a bare
host name yet checks the client assertion's ``aud`` against its token URL, and puts
``deployment_id`` at the top level of its answer instead of inside the tool
configuration. These rules hold for any platform; none names a product.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .vocabulary import Registration

DEPLOYMENT_ID_MAX = 255


def service_audience(platform_config: dict[str, Any]) -> str | None:
    """The ``aud`` for client-credentials assertions when it is not the token URL.

    ``authorization_server`` counts only as an absolute http(s) URL; anything else (a
    bare host name) leaves the audience to the ``token_endpoint``, as the LTI Security
    Framework prescribes when no authorization server identifier is usable.
    """
    value = platform_config.get("authorization_server")
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    if parts.scheme in {"http", "https"} and parts.netloc:
        return value.strip()
    return None


def answered_deployment_id(answer: dict[str, Any]) -> str | None:
    """The deployment_id of a registration answer: in the tool configuration, else top level."""
    config = answer.get(Registration.TOOL_CONFIGURATION)
    candidates = (config.get("deployment_id") if isinstance(config, dict) else None,
                  answer.get("deployment_id"))
    for value in candidates:
        if isinstance(value, int | str) and not isinstance(value, bool):
            text = str(value).strip()
            if text and len(text) <= DEPLOYMENT_ID_MAX:
                return text
    return None
