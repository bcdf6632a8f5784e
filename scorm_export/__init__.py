"""SCORM 1.2 / 2004 4th edition packages and an IMS Common Cartridge 1.3 from a content package.

The SCO pages are rendered by the player's own renderer (``render_block`` and the block
templates); ``runtime/`` holds the small JavaScript that makes them interactive and
talks to the LMS. See ``README.md`` for the cmi mapping.
"""

from .cartridge import build_cartridge
from .package import ExportError, build_scorm
from .versions import ScormVersion

__all__ = ["ExportError", "ScormVersion", "build_cartridge", "build_scorm"]
