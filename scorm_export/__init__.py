"""SCORM 1.2 / 2004 4th edition packages and an IMS Common Cartridge 1.3 from a content package.

The SCO pages are rendered by the player's own renderer (``render_block`` and the block
templates); ``runtime/`` holds the small JavaScript that makes them interactive and
talks to the LMS. See ``README.md`` for the cmi mapping.

The names below load their module on first use: ``lti-tool export scorm`` then does not
import the cartridge code, nor ``lti-tool export cartridge`` the SCORM pages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cartridge import build_cartridge
    from .integrity import ExportError
    from .package import build_scorm
    from .versions import ScormVersion

__all__ = ["ExportError", "ScormVersion", "build_cartridge", "build_scorm"]
_HOMES = {"ExportError": ".integrity", "ScormVersion": ".versions", "build_cartridge": ".cartridge",
          "build_scorm": ".package"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value
