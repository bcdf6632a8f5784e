"""``/export``: course designers download SCORM packages and the Common Cartridge.

The packages themselves are built by ``scorm_export``, which stands on its own (it needs
only ``lti_tool.content`` and ``lti_tool.blocks``); this is the tool's page for it.
"""

from flask import Blueprint

bp = Blueprint("export", __name__)

from . import views  # noqa: E402,F401 - registers the routes
