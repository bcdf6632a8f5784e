"""The claims of the id_tokens the devlms signs, per message type."""

from __future__ import annotations

import typing as t
import uuid

from . import hints, urls
from .constants import (
    AGS_CLAIM,
    AGS_SCOPES,
    CLAIM,
    COURSE_OFFERING,
    DL_SETTINGS_CLAIM,
    LOCALE,
    PLATFORM_NAME,
    PLATFORM_VERSION,
    PRODUCT_FAMILY_CODE,
    ROLES_BY_KIND,
)
from .models import DevCourse, DevPlacement, DevUser
from .seed import primary_line_item

if t.TYPE_CHECKING:
    from .launch import DevLmsLaunch

DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
# Custom parameter substitution variables the devlms fills in (LTI 1.3 appendix C).
VARIABLES = ("User.id", "User.username", "Person.name.full", "Person.name.given",
             "Person.name.family", "Person.email.primary", "Context.id", "Context.label",
             "Context.title", "ResourceLink.id", "ResourceLink.title")


def _common(launch: DevLmsLaunch, user: DevUser, course: DevCourse) -> None:
    """Who, where and which platform: the same in every message type."""
    settings = launch.platform.settings
    launch.set_user_data(user.username, ROLES_BY_KIND[user.kind], full_name=user.name,
                         email_address=user.email)
    launch.set_launch_context_claim(course.context_id, context_types=[COURSE_OFFERING],
                                    context_title=course.title, context_label=course.label)
    launch.set_launch_presentation_claim(document_target="iframe",
                                         return_url=urls.course_url(settings, course.context_id))
    assert launch.lti_claim_launch_presentation is not None
    launch.lti_claim_launch_presentation[CLAIM + "launch_presentation"]["locale"] = LOCALE
    names = {"given_name": user.given_name, "family_name": user.family_name}
    launch.set_extra_claims({name: value for name, value in names.items() if value})
    launch.set_extra_claims({CLAIM + "tool_platform": {
        "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, urls.issuer(settings))),
        "name": PLATFORM_NAME,
        "product_family_code": PRODUCT_FAMILY_CODE,
        "version": PLATFORM_VERSION,
    }})


def resource_link_claims(launch: DevLmsLaunch, user: DevUser, placement: DevPlacement) -> None:
    settings = launch.platform.settings
    course = placement.course
    _common(launch, user, course)
    launch.set_launch_url(placement.target_link_uri or launch.platform.tool.target_link_uri)
    launch.set_resource_link_claim(placement.resource_link_id, title=placement.title,
                                   description=placement.text or None)
    values = variable_values(user, course, placement)
    custom = {**launch.platform.tool.custom, **(placement.custom or {})}
    launch.set_custom_parameters_claim(substitute(custom, values))
    launch.set_nrps(urls.memberships_url(settings, course.context_id))
    # Built here: the library's LtiAgs offers lineitem *or* lineitem.readonly, Moodle both.
    ags: dict[str, t.Any] = {"scope": list(AGS_SCOPES),
                             "lineitems": urls.lineitems_url(settings, course.context_id)}
    line_item = primary_line_item(launch.platform.session, placement)
    if line_item is not None:
        ags["lineitem"] = urls.lineitem_url(settings, course.context_id, line_item.id)
    launch.set_extra_claims({AGS_CLAIM: ags})


def deep_linking_claims(launch: DevLmsLaunch, user: DevUser, course: DevCourse) -> None:
    """An LtiDeepLinkingRequest: no resource link; the settings say where to answer."""
    settings = launch.platform.settings
    tool = launch.platform.tool
    _common(launch, user, course)
    launch.set_launch_url(tool.deep_link_uri)
    data = hints.sign_deep_link_data(settings.secret_key, user.username, course.context_id,
                                     tool.client_id)
    launch.set_extra_claims({
        CLAIM + "message_type": DEEP_LINKING_REQUEST,
        DL_SETTINGS_CLAIM: {
            "deep_link_return_url": urls.deep_link_return_url(settings),
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": True,
            "accept_lineitem": True,
            "auto_create": True,
            "title": f"Inhoud voor {course.title}",
            "text": "Kies wat je aan de cursus wilt toevoegen.",
            "data": data,
        },
    })


def variable_values(user: DevUser, course: DevCourse,
                    placement: DevPlacement | None) -> dict[str, str]:
    values = {"User.id": user.username, "User.username": user.username,
              "Person.name.full": user.name, "Person.name.given": user.given_name,
              "Person.name.family": user.family_name, "Person.email.primary": user.email,
              "Context.id": course.context_id, "Context.label": course.label,
              "Context.title": course.title}
    if placement is not None:
        values.update({"ResourceLink.id": placement.resource_link_id,
                       "ResourceLink.title": placement.title})
    return values


def substitute(custom: dict[str, t.Any], values: dict[str, str]) -> dict[str, t.Any]:
    """Replace ``$Variable`` values the devlms knows; others pass unchanged, as in Moodle."""
    def one(value: t.Any) -> t.Any:
        if isinstance(value, str) and value.startswith("$") and value[1:] in values:
            return values[value[1:]]
        return value

    return {name: one(value) for name, value in custom.items()}
