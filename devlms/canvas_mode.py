"""Canvas mode of the devlms: Dynamic Registration as Canvas LMS answers it.

Reproduced from Canvas's own source (``Lti::IMS::Registration``, its dynamic
registration controller, ``Lti::ResourcePlacement`` and the client-credentials
validator), where Canvas differs from Moodle:

- the OpenID configuration names ``authorization_server`` as a bare host, while the
  token endpoint accepts only the full token URL as the assertion's ``aud``;
- the answer carries ``deployment_id`` at its top level (with Canvas's newer
  registrations feature; ``canvas-classic`` answers without one), never inside the
  tool configuration, and only the plain ``client_name``;
- placements come from each message's ``placements`` (Canvas names with or without
  the ``https://canvas.instructure.com/lti/`` prefix, ``ContentArea`` = link
  selection); a message without placements becomes ``link_selection``, and of two
  messages with the same placement the first wins.
"""

from __future__ import annotations

import typing as t
from urllib.parse import urlsplit

from .constants import PLATFORM_CONFIGURATION
from .dr_validate import RegistrationError

MOODLE = "moodle"
CANVAS = "canvas"
CANVAS_CLASSIC = "canvas-classic"
BEHAVIOURS = {MOODLE: "Moodle", CANVAS: "Canvas",
              CANVAS_CLASSIC: "Canvas zonder deployment_id in het antwoord"}

CANVAS_LTI = "https://canvas.instructure.com/lti/"
COURSE_NAV_DEFAULT_ENABLED = CANVAS_LTI + "course_navigation/default_enabled"
VISIBILITY = CANVAS_LTI + "visibility"
VISIBILITY_OPTIONS = ("admins", "members", "public")
IMS_PLACEMENTS = {"ContentArea": "link_selection", "RichTextEditor": "editor_button"}
# Lti::ResourcePlacement::PLACEMENTS_BY_MESSAGE_TYPE
PLACEMENTS_BY_MESSAGE_TYPE: dict[str, frozenset[str]] = {
    "LtiResourceLinkRequest": frozenset({
        "account_navigation", "assignment_edit", "assignment_group_menu", "assignment_index_menu",
        "assignment_menu", "assignment_selection", "assignment_view", "collaboration",
        "conference_selection", "course_assignments_menu", "course_home_sub_navigation",
        "course_navigation", "course_settings_sub_navigation", "discussion_topic_index_menu",
        "discussion_topic_menu", "file_index_menu", "file_menu", "global_navigation",
        "homework_submission", "link_selection", "migration_selection", "module_group_menu",
        "module_index_menu", "module_index_menu_modal", "module_menu_modal", "module_menu",
        "post_grades", "quiz_index_menu", "quiz_menu", "resource_selection",
        "similarity_detection", "student_context_card", "submission_type_selection",
        "tool_configuration", "user_navigation", "wiki_index_menu", "wiki_page_menu"}),
    "LtiDeepLinkingRequest": frozenset({
        "assignment_selection", "collaboration", "conference_selection", "course_assignments_menu",
        "editor_button", "homework_submission", "link_selection", "migration_selection",
        "module_index_menu_modal", "module_menu_modal", "resource_selection",
        "submission_type_selection"}),
}
PLACEMENTS = frozenset().union(*PLACEMENTS_BY_MESSAGE_TYPE.values())
# Lti::PrivacyLevelExpander::SUPPORTED_LEVELS
PRIVACY_LEVELS = ("public", "name_only", "email_only", "anonymous")
# A part of Lti::VariableExpander's variables (doc/api/tools_variable_substitutions.md);
# Canvas sends any other ``$Name`` as the literal text.
VARIABLES = (
    "ResourceLink.id", "ResourceLink.title", "ResourceLink.description",
    "ResourceLink.available.startDateTime", "ResourceLink.available.endDateTime",
    "ResourceLink.submission.endDateTime", "Context.id", "Context.title", "Context.sourcedId",
    "Context.id.history", "CourseOffering.sourcedId", "CourseSection.sourcedId",
    "Message.documentTarget", "Message.locale", "ToolConsumerInstance.guid", "Membership.role",
    "Person.name.full", "Person.name.display", "Person.name.given", "Person.name.family",
    "Person.email.primary", "Person.address.timezone", "Person.sourcedId", "User.id",
    "User.username", "User.image", "Canvas.api.domain", "Canvas.api.baseUrl",
    "Canvas.account.id", "Canvas.account.name", "Canvas.rootAccount.id", "Canvas.course.id",
    "Canvas.course.name", "Canvas.course.sisSourceId", "Canvas.course.startAt",
    "Canvas.course.endAt", "Canvas.term.name", "Canvas.membership.roles", "Canvas.user.id",
    "Canvas.user.globalId", "Canvas.user.loginId", "Canvas.user.sisSourceId",
    "Canvas.user.prefersHighContrast", "Canvas.xuser.allRoles", "Canvas.assignment.id",
    "Canvas.assignment.title", "Canvas.assignment.pointsPossible", "Canvas.module.id",
    "Canvas.moduleItem.id", "com.instructure.contextLabel")


def is_canvas(behaviour: str | None) -> bool:
    return behaviour in {CANVAS, CANVAS_CLASSIC}


def openid_configuration(config: dict[str, t.Any], issuer: str) -> dict[str, t.Any]:
    """Canvas's configuration: ``authorization_server`` is the issuer's host name only;
    its own product code, placements per message type and variables."""
    platform = {
        **config[PLATFORM_CONFIGURATION], "product_family_code": "canvas",
        "messages_supported": [{"type": kind, "placements": sorted(names)}
                               for kind, names in PLACEMENTS_BY_MESSAGE_TYPE.items()],
        "variables": list(VARIABLES)}
    return {**config, "authorization_server": urlsplit(issuer).netloc,
            PLATFORM_CONFIGURATION: platform}


def placement_name(value: str) -> str:
    """``Lti::IMS::Registration#canvas_placement_name``."""
    return IMS_PLACEMENTS.get(value) or value.removeprefix(CANVAS_LTI)


def placements(tool_configuration: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The placements Canvas makes of the registration's messages (invalid ones refused)."""
    found: dict[str, dict[str, t.Any]] = {}
    for message in tool_configuration.get("messages", []):
        names = message.get("placements") or ["link_selection"]
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise RegistrationError("messages.placements", "placements must be an array of strings")
        for name in map(placement_name, names):
            placement = _placement(name, message)
            found.setdefault(name, placement)
    return list(found.values())


def _placement(name: str, message: dict[str, t.Any]) -> dict[str, t.Any]:
    message_type = message.get("type")
    if name not in PLACEMENTS:
        raise RegistrationError("messages.placements", f"{name!r} is not a Canvas placement")
    if name not in PLACEMENTS_BY_MESSAGE_TYPE.get(str(message_type), frozenset()):
        raise RegistrationError("messages.placements",
                                f"placement {name!r} does not support {message_type}")
    enabled = message.get(COURSE_NAV_DEFAULT_ENABLED, True)
    if not isinstance(enabled, bool):
        raise RegistrationError("messages." + COURSE_NAV_DEFAULT_ENABLED, "must be a boolean")
    visibility = message.get(VISIBILITY)
    if visibility is not None and visibility not in VISIBILITY_OPTIONS:
        raise RegistrationError("messages." + VISIBILITY,
                                "must be one of " + ", ".join(VISIBILITY_OPTIONS))
    custom = message.get("custom_parameters") or {}
    if not isinstance(custom, dict) or not all(isinstance(v, str) for v in custom.values()):
        raise RegistrationError("messages.custom_parameters", "must be an object of strings")
    placement = {"placement": name, "message_type": message_type,
                 "target_link_uri": message.get("target_link_uri"), "text": message.get("label"),
                 "custom_fields": custom or None, "visibility": visibility,
                 "default": "disabled" if name == "course_navigation" and not enabled else None}
    return {key: value for key, value in placement.items() if value is not None}


def registration_answer(body: dict[str, t.Any], tool_configuration: dict[str, t.Any],
                        client_id: str, scopes: list[str], deployment_id: str | None,
                        config_url: str) -> dict[str, t.Any]:
    """The controller's ``render_registration``: the registration as Canvas stored it."""
    answer: dict[str, t.Any] = {
        "client_id": client_id,
        **{name: body.get(name) for name in (
            "application_type", "grant_types", "initiate_login_uri", "redirect_uris",
            "response_types", "client_name", "jwks_uri", "logo_uri", "token_endpoint_auth_method")},
        "scope": " ".join(scopes),
        "https://purl.imsglobal.org/spec/lti-tool-configuration": {
            **{key: value for key, value in tool_configuration.items() if key != "deployment_id"},
            CANVAS_LTI + "registration_config_url": config_url},
    }
    if deployment_id is not None:
        answer["deployment_id"] = deployment_id
    return answer
