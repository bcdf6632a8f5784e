"""Every public address of the badge feature, built from ``BASE_URL``.

The credential, its proof and its status entry name these URLs, and the routes in
:mod:`lti_tool.badges.views` answer on the same paths (``PATHS``), so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

PATHS = {
    "issuer": "/badges/issuers/<slug>",
    "key": "/badges/issuers/<slug>/keys/<kid>",
    "status_list": "/badges/issuers/<slug>/status",
    "achievement": "/badges/issuers/<slug>/achievements/<key>",
    "achievement_image": "/badges/issuers/<slug>/achievements/<key>/image.png",
    "credential_page": "/badges/<public_id>",
    "credential_json": "/badges/<public_id>/credential.json",
    "baked_png": "/badges/<public_id>/badge.png",
}


@dataclass(frozen=True)
class BadgeUrls:
    base_url: str

    def _url(self, name: str, **values: str) -> str:
        path = PATHS[name]
        for key, value in values.items():
            path = path.replace(f"<{key}>", value)
        return self.base_url.rstrip("/") + path

    def issuer(self, slug: str) -> str:
        return self._url("issuer", slug=slug)

    def key(self, slug: str, kid: str) -> str:
        return self._url("key", slug=slug, kid=kid)

    def status_list(self, slug: str) -> str:
        return self._url("status_list", slug=slug)

    def achievement(self, slug: str, key: str) -> str:
        return self._url("achievement", slug=slug, key=key)

    def achievement_image(self, slug: str, key: str) -> str:
        return self._url("achievement_image", slug=slug, key=key)

    def credential_page(self, public_id: str) -> str:
        return self._url("credential_page", public_id=public_id)

    def credential_json(self, public_id: str) -> str:
        return self._url("credential_json", public_id=public_id)

    def baked_png(self, public_id: str) -> str:
        return self._url("baked_png", public_id=public_id)
