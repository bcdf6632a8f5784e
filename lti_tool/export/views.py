"""The ``/export`` page and its downloads, built from the tool's own course.

Instructors and content developers only (``requires_instructor``); every form carries
the launch token ``lt``. The packages are built from the tool's own course.
"""

from __future__ import annotations

from flask import Response, current_app, render_template, request, send_file
from flask_babel import gettext as _

from scorm_export.cartridge import build_cartridge
from scorm_export.integrity import ExportError
from scorm_export.package_cache import PackageCache
from scorm_export.versions import ScormVersion

from .. import web
from ..content import get_course
from ..errors import ProblemError
from . import bp

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
        path = packages().path_for(course, version, module_id)
    except ExportError as exc:
        raise ProblemError(400, _("Exporteren lukte niet"), str(exc), check="export") from exc
    suffix = version.value.replace(".", "")
    return send_file(path, mimetype=ZIP, as_attachment=True,
                     download_name=f"{module_id or course.id}-scorm{suffix}.zip")


def packages() -> PackageCache:
    """This app's built packages, under its instance folder."""
    cache = current_app.extensions.get("scorm_packages")
    if cache is None:
        cache = current_app.extensions.setdefault(
            "scorm_packages", PackageCache(web.settings().instance_dir / "scorm-packages"))
    return cache


@bp.post("/export/cartridge")
@web.requires_instructor
def cartridge() -> Response:
    course = get_course(web.settings())
    data = build_cartridge(course, web.settings().base_url)
    return _download(data, f"{course.id}.imscc", CARTRIDGE)
