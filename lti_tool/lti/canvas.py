"""Canvas's placements, in both of its configuration paths.

The manual path is the developer-key JSON ('Paste JSON' / 'Enter URL', served at
``/lti/canvas.json``). The dynamic path is the ``messages`` of the Dynamic Registration
request: Canvas reads its placement names and extensions from each message
(``Lti::IMS::Registration#placements``); other platforms ignore what they don't know.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..settings import Settings
from .vocabulary import CONTENT_ITEM_PARAM, MessageType, Scope

TITLE = "Werkbegeleiding"
DESCRIPTION = ("Training voor werkbegeleiders: modules, zelfscan en Samenleer-gesprekken. "
               "Training for workplace mentors.")

CANVAS_LTI = "https://canvas.instructure.com/lti/"
ASSIGNMENT_SELECTION = "assignment_selection"
LINK_SELECTION = "link_selection"
COURSE_NAVIGATION = "course_navigation"
COURSE_NAV_DEFAULT_ENABLED = CANVAS_LTI + "course_navigation/default_enabled"
VISIBILITY = CANVAS_LTI + "visibility"
# Teachers (and admins) see the trainer's overview in the course menu; learners don't.
COURSE_NAV_VISIBILITY = "admins"

PICK_LABEL = "Werkbegeleiding: inhoud kiezen"
PICK_LABEL_EN = "Workplace mentoring: choose content"
ASSIGNMENT_LABEL = "Werkbegeleiding: opdracht kiezen"
OVERVIEW_LABEL = "Werkbegeleiding: voortgang"
OVERVIEW_LABEL_EN = "Workplace mentoring: progress"
OVERVIEW_CUSTOM = {CONTENT_ITEM_PARAM: "dashboard"}


def registration_messages(settings: Settings) -> list[dict]:
    """The ``messages`` of the Dynamic Registration request.

    Deep linking serves Canvas's assignment and link selection (and the spec's
    ``ContentArea``); a resource link message puts the overview in the course menu,
    switched on for teachers.
    """
    launch = settings.base_url + "/lti/launch"
    icon = settings.base_url + "/static/img/icon.svg"
    return [
        {"type": MessageType.DEEP_LINKING, "target_link_uri": launch, "icon_uri": icon,
         "label": PICK_LABEL, "label#en": PICK_LABEL_EN,
         "placements": [CANVAS_LTI + ASSIGNMENT_SELECTION, CANVAS_LTI + LINK_SELECTION, "ContentArea"]},
        {"type": MessageType.RESOURCE_LINK, "target_link_uri": launch, "icon_uri": icon,
         "label": OVERVIEW_LABEL, "label#en": OVERVIEW_LABEL_EN,
         "placements": [CANVAS_LTI + COURSE_NAVIGATION],
         "custom_parameters": dict(OVERVIEW_CUSTOM),
         COURSE_NAV_DEFAULT_ENABLED: True, VISIBILITY: COURSE_NAV_VISIBILITY},
    ]


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
        "scopes": list(Scope.REQUESTED),
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
                    placement(LINK_SELECTION, MessageType.DEEP_LINKING, PICK_LABEL,
                              selection_width=900, selection_height=700),
                    placement(ASSIGNMENT_SELECTION, MessageType.DEEP_LINKING, ASSIGNMENT_LABEL,
                              selection_width=900, selection_height=700),
                    placement(COURSE_NAVIGATION, MessageType.RESOURCE_LINK, OVERVIEW_LABEL,
                              default="enabled", visibility=COURSE_NAV_VISIBILITY,
                              custom_fields=dict(OVERVIEW_CUSTOM)),
                ],
            },
        }],
        # The launch carries the locale (launch_presentation); this is the fallback.
        "custom_fields": {"user_locale": "$Message.locale"},
    }
