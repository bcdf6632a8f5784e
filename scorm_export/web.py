"""``/export``: course designers download SCORM packages and the Common Cartridge.

Instructors and content developers only (``requires_instructor``); every form carries
the launch token ``lt``. The packages are built from the tool's own course.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from lti_tool import web
from lti_tool.content import get_course
from lti_tool.errors import ProblemError

from .cartridge import build_cartridge
from .integrity import ExportError
from .package import build_scorm
from .versions import ScormVersion

bp = Blueprint("export", __name__)
ZIP = "application/zip"
CARTRIDGE = "application/vnd.ims.imsccv1p3"


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/export")
@web.requires_instructor
def index() -> str:
    return render_template("export/index.html", course=get_course(web.settings()),
                           versions=list(ScormVersion))


@bp.post("/export/scorm")
@web.requires_instructor
def scorm() -> Response:
    course = get_course(web.settings())
    try:
        version = ScormVersion(request.form.get("version", ""))
    except ValueError as exc:
        raise ProblemError(400, _("Kies een SCORM-versie"), _("Ga terug en kies SCORM 1.2 of 2004."),
                           check="export_version") from exc
    module_id = request.form.get("module") or None
    try:
        data = build_scorm(course, version, module_id)
    except ExportError as exc:
        raise ProblemError(400, _("Exporteren lukte niet"), str(exc), check="export") from exc
    suffix = version.value.replace(".", "")
    return _download(data, f"{module_id or course.id}-scorm{suffix}.zip", ZIP)


@bp.post("/export/cartridge")
@web.requires_instructor
def cartridge() -> Response:
    course = get_course(web.settings())
    data = build_cartridge(course, web.settings().base_url)
    return _download(data, f"{course.id}.imscc", CARTRIDGE)
