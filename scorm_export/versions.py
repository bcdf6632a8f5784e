"""The two SCORM versions the exporter writes, and what differs between them."""

from __future__ import annotations

from enum import StrEnum


class ScormVersion(StrEnum):
    SCORM_12 = "1.2"
    SCORM_2004 = "2004"

    @property
    def schema_version(self) -> str:
        """``<schemaversion>`` in the manifest's metadata."""
        return "1.2" if self is ScormVersion.SCORM_12 else "2004 4th Edition"

    @property
    def suspend_budget(self) -> int:
        """The most characters ``cmi.suspend_data`` may hold (SCORM 1.2: CMIString4096)."""
        return 4096 if self is ScormVersion.SCORM_12 else 64000

    @property
    def label(self) -> str:
        return "SCORM 1.2" if self is ScormVersion.SCORM_12 else "SCORM 2004 4th Edition"
