"""The LTI 1.3 and LTI Advantage vocabulary the tool speaks, in one place: claim names,
message types, service scopes, media types, role URIs and the keys of the Dynamic
Registration documents.

Values only, no behaviour: importing this module loads nothing else, so the domain
(``launch_context``, ``roles``, the trainer overview) and the exporter can use it without
pulling in the LTI edge. What the values mean for the tool is decided elsewhere (roles in
``lti_tool.roles``, AGS calls in ``lti.ags``, NRPS in ``lti.nrps``).
"""

from __future__ import annotations

IMS_SPEC = "https://purl.imsglobal.org/spec/"
LTI_CLAIM = IMS_SPEC + "lti/claim/"
AGS_SCOPE = IMS_SPEC + "lti-ags/scope/"
LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
LTI_VERSION = "1.3.0"  # the only version claim the tool accepts

# The custom parameter that names the content item a link opens (deep linking writes it,
# the launch reads it, the thin cartridge carries it).
CONTENT_ITEM_PARAM = "content_item"


class Claim:
    """Names of the id_token claims the tool reads (and the deep-linking response echoes)."""

    MESSAGE_TYPE = LTI_CLAIM + "message_type"
    VERSION = LTI_CLAIM + "version"
    DEPLOYMENT_ID = LTI_CLAIM + "deployment_id"
    TARGET_LINK_URI = LTI_CLAIM + "target_link_uri"
    RESOURCE_LINK = LTI_CLAIM + "resource_link"
    ROLES = LTI_CLAIM + "roles"
    CONTEXT = LTI_CLAIM + "context"
    CUSTOM = LTI_CLAIM + "custom"
    LAUNCH_PRESENTATION = LTI_CLAIM + "launch_presentation"
    TOOL_PLATFORM = LTI_CLAIM + "tool_platform"
    AGS_ENDPOINT = IMS_SPEC + "lti-ags/claim/endpoint"
    NRPS = IMS_SPEC + "lti-nrps/claim/namesroleservice"
    DEEP_LINKING_SETTINGS = IMS_SPEC + "lti-dl/claim/deep_linking_settings"
    DEEP_LINKING_DATA = IMS_SPEC + "lti-dl/claim/data"


class MessageType:
    RESOURCE_LINK = "LtiResourceLinkRequest"
    DEEP_LINKING = "LtiDeepLinkingRequest"
    SUPPORTED = frozenset({RESOURCE_LINK, DEEP_LINKING})


class Scope:
    """OAuth 2 scopes of the LTI Advantage services."""

    LINEITEM = AGS_SCOPE + "lineitem"
    LINEITEM_READONLY = AGS_SCOPE + "lineitem.readonly"
    RESULT_READONLY = AGS_SCOPE + "result.readonly"
    SCORE = AGS_SCOPE + "score"
    NRPS = IMS_SPEC + "lti-nrps/scope/contextmembership.readonly"
    # What the tool asks for at registration, in this order.
    AGS = (LINEITEM, LINEITEM_READONLY, RESULT_READONLY, SCORE)
    REQUESTED = (*AGS, NRPS)


class MediaType:
    """Content types of the AGS and NRPS resources."""

    LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
    LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
    RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json"
    SCORE = "application/vnd.ims.lis.v1.score+json"
    MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


class Role:
    """LIS role URIs. Context roles are ``MEMBERSHIP + "#Instructor"``, their sub-roles
    ``MEMBERSHIP + "/Instructor#TeachingAssistant"`` (see ``lti_tool.roles``)."""

    MEMBERSHIP = LIS + "membership"
    INSTITUTION_ADMINISTRATOR = LIS + "institution/person#Administrator"
    SYSTEM_ADMINISTRATOR = LIS + "system/person#Administrator"
    SYSTEM_SYSADMIN = LIS + "system/person#SysAdmin"


class Registration:
    """Keys of the Dynamic Registration documents."""

    TOOL_CONFIGURATION = IMS_SPEC + "lti-tool-configuration"
    PLATFORM_CONFIGURATION = IMS_SPEC + "lti-platform-configuration"
