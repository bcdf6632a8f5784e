"""Fixed identifiers of the development LMS and the LTI vocabulary it speaks."""

from __future__ import annotations

from lti1p3platform.constants import LTI_1P3_ACCESS_TOKEN_SCOPES

CLIENT_ID = "werkbegeleiding-tool"
DEPLOYMENT_ID = "1"
ORGANISATION_SLUG = "devlms"
ORGANISATION_NAME = "Ontwikkel-LMS (demo)"
PLATFORM_NAME = "Ontwikkel-LMS"
PRODUCT_FAMILY_CODE = "devlms"
PLATFORM_VERSION = "1.0"
LOCALE = "nl-NL"

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER_ROLE = MEMBERSHIP + "Learner"
INSTRUCTOR_ROLE = MEMBERSHIP + "Instructor"
FACULTY_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty"
ADMIN_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"
COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"

# What each kind of devlms user is in LIS terms, in the order Moodle lists them.
ROLES_BY_KIND: dict[str, list[str]] = {
    "learner": [LEARNER_ROLE],
    "instructor": [INSTRUCTOR_ROLE, FACULTY_ROLE],
    "admin": [ADMIN_ROLE, INSTRUCTOR_ROLE],
}
KIND_LABELS = {"learner": "Deelnemer", "instructor": "Docent", "admin": "Beheerder"}

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
AGS_SCOPES = [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY, SCOPE_SCORE]
# Everything the tool may ask a token for (the library's list: all AGS + NRPS scopes).
GRANTABLE_SCOPES = frozenset(LTI_1P3_ACCESS_TOKEN_SCOPES)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_SETTINGS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DL_CONTENT_ITEMS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DL_DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"

LINEITEM_MEDIA = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_MEDIA = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_MEDIA = "application/vnd.ims.lis.v1.score+json"
RESULTS_MEDIA = "application/vnd.ims.lis.v2.resultcontainer+json"
MEMBERSHIPS_MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
