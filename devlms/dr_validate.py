"""Validation of a tool's Dynamic Registration request (LTI DR 1.0, OIDC registration)."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from urllib.parse import urlsplit

from .constants import GRANTABLE_SCOPES, TOOL_CONFIGURATION

SUPPORTED_MESSAGES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")


class RegistrationError(Exception):
    """RFC 7591 error answer: ``error`` code, the ``field`` at fault, a description."""

    def __init__(self, field: str, description: str, error: str = "invalid_client_metadata") -> None:
        super().__init__(description)
        self.field = field
        self.description = description
        self.error = error


@dataclass
class ValidRegistration:
    body: dict[str, t.Any]
    client_name: str
    initiate_login_uri: str
    redirect_uris: list[str]
    jwks_uri: str
    target_link_uri: str
    deep_link_uri: str | None
    scopes: list[str]
    tool_configuration: dict[str, t.Any]


def _url(value: t.Any, field: str, error: str = "invalid_client_metadata") -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise RegistrationError(field, f"{field} must be an absolute http(s) URL", error)
    return t.cast(str, value)


def _string_list(value: t.Any, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise RegistrationError(field, f"{field} must be an array of strings")
    return value


def _on_domain(url: str, domain: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return domain in {parts.netloc, host} or host.endswith("." + domain.split(":")[0])


def validate_registration(body: t.Any) -> ValidRegistration:
    if not isinstance(body, dict):
        raise RegistrationError("body", "the body must be a JSON object")
    if body.get("application_type") != "web":
        raise RegistrationError("application_type", "application_type must be 'web'")
    if "id_token" not in _string_list(body.get("response_types"), "response_types"):
        raise RegistrationError("response_types", "response_types must include 'id_token'")
    grants = _string_list(body.get("grant_types"), "grant_types")
    if not {"implicit", "client_credentials"} <= set(grants):
        raise RegistrationError("grant_types",
                                "grant_types must include 'implicit' and 'client_credentials'")
    if body.get("token_endpoint_auth_method") != "private_key_jwt":
        raise RegistrationError("token_endpoint_auth_method",
                                "token_endpoint_auth_method must be 'private_key_jwt'")
    name = body.get("client_name")
    if not isinstance(name, str) or not name.strip():
        raise RegistrationError("client_name", "client_name is required")
    for field, value in body.items():
        if field.startswith("client_name#") and not isinstance(value, str):
            raise RegistrationError(field, f"{field} must be a string")
    login = _url(body.get("initiate_login_uri"), "initiate_login_uri")
    redirects = _string_list(body.get("redirect_uris"), "redirect_uris")
    if not redirects:
        raise RegistrationError("redirect_uris", "redirect_uris must not be empty",
                                "invalid_redirect_uri")
    for uri in redirects:
        _url(uri, "redirect_uris", "invalid_redirect_uri")
    jwks = _url(body.get("jwks_uri"), "jwks_uri")
    if body.get("logo_uri") is not None:
        _url(body["logo_uri"], "logo_uri")
    scope = body.get("scope", "")
    if not isinstance(scope, str):
        raise RegistrationError("scope", "scope must be a space-separated string")
    config = _tool_configuration(body.get(TOOL_CONFIGURATION), login, redirects)
    deep_link = next((message.get("target_link_uri") for message in config.get("messages", [])
                      if message.get("type") == "LtiDeepLinkingRequest"), None)
    return ValidRegistration(
        body=body, client_name=name.strip(), initiate_login_uri=login, redirect_uris=redirects,
        jwks_uri=jwks, target_link_uri=config["target_link_uri"], deep_link_uri=deep_link,
        scopes=[entry for entry in dict.fromkeys(scope.split()) if entry in GRANTABLE_SCOPES],
        tool_configuration=config)


def _tool_configuration(config: t.Any, login: str, redirects: list[str]) -> dict[str, t.Any]:
    field = TOOL_CONFIGURATION
    if not isinstance(config, dict):
        raise RegistrationError(field, f"{field} is required (an object)")
    domain = config.get("domain")
    if not isinstance(domain, str) or not domain.strip():
        raise RegistrationError(f"{field}.domain", "domain is required")
    target = _url(config.get("target_link_uri"), f"{field}.target_link_uri")
    for url, name in [(login, "initiate_login_uri"), (target, f"{field}.target_link_uri"),
                      *((uri, "redirect_uris") for uri in redirects)]:
        if not _on_domain(url, domain):
            raise RegistrationError(name, f"{name} is not on the tool's domain {domain}",
                                    "invalid_redirect_uri" if name == "redirect_uris"
                                    else "invalid_client_metadata")
    _string_list(config.get("claims", []), f"{field}.claims")
    messages = config.get("messages", [])
    if not isinstance(messages, list) or not all(isinstance(entry, dict) for entry in messages):
        raise RegistrationError(f"{field}.messages", "messages must be an array of objects")
    for message in messages:
        if message.get("type") not in SUPPORTED_MESSAGES:
            raise RegistrationError(f"{field}.messages", f"message type {message.get('type')!r} "
                                    "is not supported: " + ", ".join(SUPPORTED_MESSAGES))
        if message.get("target_link_uri") is not None:
            _url(message["target_link_uri"], f"{field}.messages.target_link_uri")
            if not _on_domain(message["target_link_uri"], domain):
                raise RegistrationError(f"{field}.messages.target_link_uri",
                                        f"target_link_uri is not on the tool's domain {domain}")
    custom = config.get("custom_parameters", {})
    if not isinstance(custom, dict) or not all(isinstance(v, str) for v in custom.values()):
        raise RegistrationError(f"{field}.custom_parameters",
                                "custom_parameters must be an object of strings")
    return config
