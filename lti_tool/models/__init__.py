"""SQLAlchemy models, one file per area. Alembic migrations live in ``migrations/``."""

from .badges import BadgeKey, IssuedBadge
from .base import Base, as_utc, utcnow
from .grading import GradeColumn, ScoreSecond
from .idempotency import FormSubmission
from .invitations import RegistrationInvitation
from .keys import ToolKey
from .learning import Answer, BlockDone, ModuleProgress
from .lrs import LrsSettings
from .lti_state import LtiStateEntry
from .outbox import OutboxMessage, WorkerHeartbeat
from .people import CourseContext, LaunchSession, Learner, ResourceLink
from .platforms import Deployment, PlatformRegistration
from .ratelimit import RateLimitCounter
from .tenancy import Organisation, OrganisationLogo

__all__ = [
    "Answer",
    "BadgeKey",
    "Base",
    "BlockDone",
    "CourseContext",
    "Deployment",
    "FormSubmission",
    "GradeColumn",
    "IssuedBadge",
    "LaunchSession",
    "Learner",
    "LrsSettings",
    "LtiStateEntry",
    "ModuleProgress",
    "Organisation",
    "OrganisationLogo",
    "OutboxMessage",
    "PlatformRegistration",
    "RateLimitCounter",
    "RegistrationInvitation",
    "ResourceLink",
    "ScoreSecond",
    "ToolKey",
    "as_utc",
    "utcnow",
    "WorkerHeartbeat",
]

from . import escape, intervisie, leerlijn, samenleer, zelfscan  # noqa: E402,F401 - register their tables
