"""The Canvas developer-key configuration (LTI 1.3 'Paste JSON' / 'Enter URL')."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..settings import Settings

AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TITLE = "Werkbegeleiding"
DESCRIPTION = ("Training voor werkbegeleiders: modules, zelfscan en Samenleer-gesprekken. "
               "Training for workplace mentors.")


def canvas_configuration(settings: Settings) -> dict:
    base = settings.base_url
    launch = base + "/lti/launch"
    icon = base + "/static/img/icon.svg"

    def placement(name: str, message_type: str, text: str, **extra: object) -> dict:
        return {"placement": name, "message_type": message_type, "target_link_uri": launch,
                "text": text, "icon_url": icon, **extra}

    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "oidc_initiation_url": base + "/lti/login",
        "target_link_uri": launch,
        "public_jwk_url": base + "/lti/jwks",
        "scopes": [*AGS_SCOPES, NRPS_SCOPE],
        "extensions": [{
            "domain": urlsplit(base).netloc,
            "tool_id": "werkbegeleiding",
            "platform": "canvas.instructure.com",
            # Names for the trainer's overview; no e-mail addresses (data minimisation).
            "privacy_level": "name_only",
            "settings": {
                "text": TITLE,
                "icon_url": icon,
                "placements": [
                    placement("link_selection", "LtiDeepLinkingRequest", "Werkbegeleiding: inhoud kiezen",
                              selection_width=900, selection_height=700),
                    placement("assignment_selection", "LtiDeepLinkingRequest",
                              "Werkbegeleiding: opdracht kiezen", selection_width=900, selection_height=700),
                    placement("course_navigation", "LtiResourceLinkRequest", "Werkbegeleiding: voortgang",
                              default="disabled", visibility="admins",
                              custom_fields={"content_item": "dashboard"}),
                ],
            },
        }],
        # Canvas puts the user's language here; the tool uses it when the launch has no locale.
        "custom_fields": {"user_locale": "$Canvas.user.locale"},
    }
