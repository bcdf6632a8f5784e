"""The one place that knows the xAPI vocabulary: verbs, activity types, categories,
extension IRIs and how activity IRIs are built from content ids.

Verbs and activity types come from the ADL vocabulary
(http://adlnet.gov/expapi/...), media playback from the xAPI video profile
(https://w3id.org/xapi/video), and statements that decide a module's outcome carry
the cmi5 ``moveon`` category. Activity IRIs live under the tool's own ``BASE_URL``
and are built only from content ids, which never change once published
(``{BASE_URL}/xapi/activities/<course_id>/<module_id>/<block_id>``).
"""

from __future__ import annotations

from dataclasses import dataclass

XAPI_VERSION = "1.0.3"
LANGUAGE = "nl-NL"
PLATFORM = "Werkbegeleiding (LTI-tool)"  # context.platform of every statement
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"


@dataclass(frozen=True)
class Verb:
    """``nl=None`` for profile verbs whose profile fixes the display to ``en-US`` only."""

    id: str
    nl: str | None
    en: str

    def as_dict(self) -> dict:
        display = {"nl-NL": self.nl, "en-US": self.en} if self.nl else {"en-US": self.en}
        return {"id": self.id, "display": display}


LAUNCHED = Verb(ADL_VERBS + "launched", "gestart", "launched")
INITIALIZED = Verb(ADL_VERBS + "initialized", "geopend", "initialized")
EXPERIENCED = Verb(ADL_VERBS + "experienced", "bekeken", "experienced")
PROGRESSED = Verb(ADL_VERBS + "progressed", "voortgang geboekt", "progressed")
ANSWERED = Verb(ADL_VERBS + "answered", "beantwoord", "answered")
RESPONDED = Verb(ADL_VERBS + "responded", "gereageerd", "responded")
COMPLETED = Verb(ADL_VERBS + "completed", "afgerond", "completed")
PASSED = Verb(ADL_VERBS + "passed", "geslaagd", "passed")
FAILED = Verb(ADL_VERBS + "failed", "niet geslaagd", "failed")
TERMINATED = Verb(ADL_VERBS + "terminated", "beëindigd", "terminated")
# The zelfscan (self-assessment) is handed in; a Samenleer form is shared with the partner.
SUBMITTED = Verb("http://activitystrea.ms/schema/1.0/submit", "ingeleverd", "submitted")
SHARED = Verb(ADL_VERBS + "shared", "gedeeld", "shared")
# The leerlijn: a bijeenkomst attended, feedback on a praktijkopdracht received.
ATTENDED = Verb(ADL_VERBS + "attended", "bijgewoond", "attended")
RECEIVED = Verb("https://w3id.org/xapi/dod-isd/verbs/received", "ontvangen", "received")
PLAYED = Verb("https://w3id.org/xapi/video/verbs/played", None, "played")


class ActivityType:
    """A block type names its own (``xapi_activity_type`` of its kind in ``lti_tool.blocks``)."""

    COURSE = ADL_ACTIVITIES + "course"
    MODULE = ADL_ACTIVITIES + "module"
    LESSON = ADL_ACTIVITIES + "lesson"
    ASSESSMENT = ADL_ACTIVITIES + "assessment"
    QUESTION = ADL_ACTIVITIES + "cmi.interaction"
    MEDIA = ADL_ACTIVITIES + "media"
    SIMULATION = ADL_ACTIVITIES + "simulation"
    VIDEO = "https://w3id.org/xapi/video/activity-type/video"
    PROFILE = ADL_ACTIVITIES + "profile"
    MEETING = ADL_ACTIVITIES + "meeting"
    ASSIGNMENT = "http://id.tincanapi.com/activitytype/assignment"


CMI5_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
VIDEO_PROFILE = "https://w3id.org/xapi/video"
VIDEO_TIME = "https://w3id.org/xapi/video/extensions/time"
VIDEO_SESSION = "https://w3id.org/xapi/video/extensions/session-id"


def activity_iri(base_url: str, *ids: str) -> str:
    """``{BASE_URL}/xapi/activities/<course_id>[/<module_id>[/<block_id>[/...]]]``."""
    return base_url.rstrip("/") + "/xapi/activities/" + "/".join(ids)


def extension_iri(base_url: str, name: str) -> str:
    return base_url.rstrip("/") + "/xapi/extensions/" + name


# Context extensions that say where a statement comes from (names under extension_iri).
EXT_PLATFORM = "lti-platform"            # the LTI platform's issuer
EXT_DEPLOYMENT = "lti-deployment"        # the LTI deployment id
EXT_CONTEXT = "lti-context"              # the LTI context (course) id
EXT_RESOURCE_LINK = "lti-resource-link"  # the LTI resource link id
EXT_ORGANISATION = "organisation"        # the organisation's slug
EXT_CONVERSATION = "samenleer-conversation"  # which Samenleer conversation (pair)
EXT_INTERVISIE = "intervisie-session"    # which intervisie session (an HMAC, no content)
