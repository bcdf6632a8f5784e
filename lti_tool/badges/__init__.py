"""Open Badges 3.0 credentials for a completed leerlijn: issued by the organisation through
the tool, signed with the tool's Ed25519 badge key (Data Integrity, eddsa-rdfc-2022),
revocable through a Bitstring Status List, downloadable as JSON and as a baked PNG.

The one entry point for the rest of the tool is :func:`award_badge`.
"""

from .achievements import ACHIEVEMENTS, UnknownAchievementError
from .award import BadgeScopeError, award_badge
from .views import bp

__all__ = ["ACHIEVEMENTS", "BadgeScopeError", "UnknownAchievementError", "award_badge", "bp"]
