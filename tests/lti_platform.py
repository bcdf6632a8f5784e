"""A test LTI platform: its own RSA key, registered in the tool's database.

Its JWKS is placed in the tool's platform-key cache for a URL no server answers,
so these tests exercise every launch check without a network. The end-to-end
tests use the real development LMS over HTTP instead.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

from lti_tool.lti.platform_keys import _Entry, platform_keys
from lti_tool.models import Deployment, Organisation, PlatformRegistration

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@lru_cache(maxsize=4)
def cached_rsa_pem(slot: int = 0) -> str:
    """RSA generation is slow; tests that need *a* key share one per slot."""
    return new_rsa_pem()


def new_rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_jwk(pem: str, kid: str) -> dict:
    jwk = JWK.from_pem(pem.encode()).export_public(as_dict=True)
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return jwk


@dataclass
class TestPlatform:
    __test__ = False
    issuer: str = "https://lms.example.org"
    client_id: str = "client-123"
    deployment_id: str = "dep-1"
    kid: str = field(default_factory=lambda: uuid.uuid4().hex)
    pem: str = field(default_factory=cached_rsa_pem)
    organisation_slug: str = "org-a"

    @property
    def jwks_url(self) -> str:
        return self.issuer + "/jwks"

    def register(self, database) -> int:
        with database.session() as session:
            org = Organisation(slug=self.organisation_slug, name=f"Organisatie {self.organisation_slug}")
            session.add(org)
            session.flush()
            reg = PlatformRegistration(
                organisation_id=org.id, name="Test LMS", issuer=self.issuer, client_id=self.client_id,
                auth_login_url=self.issuer + "/auth", auth_token_url=self.issuer + "/token",
                jwks_url=self.jwks_url)
            reg.deployments.append(Deployment(deployment_id=self.deployment_id))
            session.add(reg)
            session.flush()
            reg_id = reg.id
        platform_keys._entries[self.jwks_url] = _Entry(
            keys=[public_jwk(self.pem, self.kid)], fetched_at=time.monotonic(), max_age=3600)
        return reg_id

    def claims(self, login_nonce: str, /, **overrides: Any) -> dict:
        now = int(time.time())
        body = {
            "iss": self.issuer, "aud": self.client_id, "sub": "user-1", "nonce": login_nonce,
            "iat": now, "exp": now + 300, "name": "Sanne de Vries", "email": "sanne@example.org",
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": "http://127.0.0.1/lti/launch",
            LTI + "resource_link": {"id": "rl-1", "title": "Module 1"},
            LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            LTI + "context": {"id": "ctx-1", "title": "Cursus"},
            LTI + "custom": {"content_item": "rol-van-de-werkbegeleider"},
        }
        for key, value in overrides.items():
            if value is REMOVE:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    def sign(self, body: dict, *, pem: str | None = None, headers: dict | None = None,
             algorithm: str = "RS256") -> str:
        hdr = {"kid": self.kid}
        hdr.update(headers or {})
        return jwt.encode(body, pem or self.pem, algorithm=algorithm, headers=hdr)


REMOVE = object()


def start_login(client, platform: TestPlatform, base_url: str) -> tuple[str, str]:
    """Run the OIDC login step; returns (state, nonce) from the redirect to the platform."""
    response = client.get("/lti/login", query_string={
        "iss": platform.issuer, "login_hint": "user-1", "client_id": platform.client_id,
        "target_link_uri": base_url + "/lti/launch", "lti_message_hint": "rl-1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    return query["state"][0], query["nonce"][0]
