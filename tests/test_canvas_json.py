"""Canvas's configuration of the tool, held against the rules Canvas applies (its tool
configuration schema, ``Lti::ResourcePlacement``, the privacy levels, the LTI scopes a
developer key may have and the variables its expander knows), for both paths: the
manual developer-key JSON at ``/lti/canvas.json`` and the Dynamic Registration request."""

from __future__ import annotations

import re

from devlms.canvas_mode import (
    PLACEMENTS_BY_MESSAGE_TYPE,
    PRIVACY_LEVELS,
    VARIABLES,
    VISIBILITY_OPTIONS,
    placement_name,
)
from lti_tool.lti.canvas import canvas_configuration
from lti_tool.lti.dynamic_registration import PRIVACY_LEVEL, tool_registration_request
from lti_tool.lti.vocabulary import Registration

# TokenScopes::LTI_SCOPES (the IMS ones and a few of Canvas's own)
CANVAS_LTI_SCOPES = {
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    "https://canvas.instructure.com/lti/public_jwk/scope/update",
    "https://canvas.instructure.com/lti/account_lookup/scope/show",
    "https://canvas.instructure.com/lti-ags/progress/scope/show",
}
REQUIRED = ("title", "description", "target_link_uri", "oidc_initiation_url")


def variables_in(custom: dict | None) -> set[str]:
    return {value[1:] for value in (custom or {}).values() if isinstance(value, str)
            and value.startswith("$")}


def test_manual_json_passes_canvas_rules(client, settings):
    served = client.get("/lti/canvas.json").json
    assert served == canvas_configuration(settings)
    assert all(isinstance(served[key], str) and served[key] for key in REQUIRED)
    assert served["public_jwk_url"] == settings.base_url + "/lti/jwks"
    assert set(served["scopes"]) <= CANVAS_LTI_SCOPES
    [extension] = served["extensions"]
    assert extension["platform"] == "canvas.instructure.com"
    assert extension["privacy_level"] in PRIVACY_LEVELS
    assert re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?", extension["domain"])
    placements = extension["settings"]["placements"]
    variables = variables_in(served["custom_fields"])
    for placement in placements:
        assert placement["placement"] in PLACEMENTS_BY_MESSAGE_TYPE[placement["message_type"]], placement
        assert placement["target_link_uri"].startswith(settings.base_url)
        variables |= variables_in(placement.get("custom_fields"))
    assert {p["placement"] for p in placements} == {
        "link_selection", "assignment_selection", "course_navigation"}
    course_nav = next(p for p in placements if p["placement"] == "course_navigation")
    # Switched on for teachers and admins; learners don't see the trainer's overview.
    assert course_nav["default"] == "enabled" and course_nav["visibility"] in VISIBILITY_OPTIONS
    assert course_nav["visibility"] == "admins"
    assert variables <= set(VARIABLES), variables - set(VARIABLES)
    assert "Canvas.user.locale" not in variables


def test_dynamic_registration_request_passes_canvas_rules(settings):
    request = tool_registration_request(settings, {})
    config = request[Registration.TOOL_CONFIGURATION]
    assert config[PRIVACY_LEVEL] in PRIVACY_LEVELS
    assert set(request["scope"].split()) <= CANVAS_LTI_SCOPES
    found = []
    for message in config["messages"]:
        for name in map(placement_name, message["placements"]):
            assert name in PLACEMENTS_BY_MESSAGE_TYPE[message["type"]], (name, message["type"])
            found.append(name)
        assert variables_in(message.get("custom_parameters")) <= set(VARIABLES)
    assert set(found) == {"assignment_selection", "link_selection", "course_navigation"}
    # A plain client_name: Canvas ignores the '#nl' / '#en' variants.
    assert request["client_name"] == "Werkbegeleiding"
