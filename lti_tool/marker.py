"""``N_``: mark a message for extraction where it is defined; it is translated where it is shown.

Kept apart from ``lti_tool.i18n`` (which needs Flask) so that code without Flask, such as
the block types used by the SCORM exporter, can mark its texts too.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message
