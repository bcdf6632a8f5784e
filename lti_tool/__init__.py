"""Werkbegeleiding LTI tool: ``create_app(settings)`` is the application factory.

Importing the package loads nothing but the settings: the SCORM exporter uses
``lti_tool.content`` and ``lti_tool.blocks`` without Flask, the database or the LTI edge.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .settings import ConfigurationError, Settings, exit_on_configuration_error

if TYPE_CHECKING:
    from flask import Flask


def create_app(settings: Settings | None = None) -> Flask:
    """The app; without ``settings`` they come from the environment (gunicorn's way).

    A configuration problem then ends the process with one readable line and exit
    status 2 (with ``gunicorn --preload``, the whole server stops with it).
    """
    from flask import Flask
    from flask_babel import Babel
    from werkzeug.middleware.proxy_fix import ProxyFix

    from .compression import install_compression
    from .db import Database
    from .errors import register_error_handlers
    from .i18n import install_template_gettext, select_locale
    from .logging_setup import configure_logging, install_request_logging
    from .ratelimit import make_limiter
    from .request_guards import install_request_guards
    from .security_headers import install_security_headers

    from_env = settings is None
    if settings is None:
        try:
            settings = Settings.from_env()
        except ConfigurationError as error:
            exit_on_configuration_error(error)
    configure_logging(json_logs=settings.log_json)
    app = Flask(__name__, instance_path=str(settings.instance_dir))
    install_request_logging(app)
    install_request_guards(app)
    install_compression(app)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="nl",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    if settings.trust_proxy_headers:
        hops = settings.trust_proxy_headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    app.extensions["settings"] = settings
    app.extensions["db"] = Database(settings.database_url)
    Babel(app, locale_selector=select_locale)
    install_template_gettext(app)

    from . import web
    from .branding import install_branding
    from .idempotency import form_key_field

    app.session_interface = web.NoCookieSessions()
    app.extensions["rate_limiter"] = make_limiter(web.db_session, settings.redis_url,
                                                  settings.secret_key)
    app.teardown_appcontext(web.close_db_session)
    if settings.redis_url:
        from .lti.registration_cache import LoginRegistrations

        app.extensions["lti_login_registrations"] = LoginRegistrations.for_redis(
            app.extensions["db"], settings.redis_url)
    install_branding(app)
    app.jinja_env.globals["form_key_field"] = form_key_field
    register_error_handlers(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    if settings.devlms_enabled:
        try:
            _mount_development_lms(app)
        except ConfigurationError as error:
            if not from_env:
                raise
            exit_on_configuration_error(error)

    install_security_headers(app)
    if settings.run_worker_in_process:
        from .outbox.worker import start_background_worker

        start_background_worker(app)
    return app


DEVELOPMENT_LMS = "devlms"
# What a production install lacks: the package itself and the dev extra's platform library.
DEVELOPMENT_ONLY = (DEVELOPMENT_LMS, "lti1p3platform")


def _mount_development_lms(app: Flask) -> None:
    """Mount the development LMS (package ``devlms``, development installs only).

    The one place the tool names it: nothing else in ``lti_tool`` imports it, so a
    production app never loads it (``tests/test_devlms_separation.py``).
    """
    try:
        devlms = importlib.import_module(DEVELOPMENT_LMS)
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in DEVELOPMENT_ONLY:
            raise
        raise ConfigurationError(
            f"DEVLMS_ENABLED is on but the development LMS cannot load ({error.name} is not "
            "installed): install the development extra (pip install -e '.[dev]') or set "
            "DEVLMS_ENABLED=0.") from error
    devlms.init_devlms(app)


def _blueprints() -> list:
    """Every part of the tool, each a blueprint of its own (imported late: they need the app)."""
    from . import leerlijn, samenleer
    from .admin import badges_admin_bp, branding_admin_bp, branding_launch_bp, network_admin_bp
    from .admin import bp as registrations_admin_bp
    from .badges import bp as badges_bp
    from .dashboard import bp as dashboard_bp
    from .export import bp as export_bp
    from .intervisie import bp as intervisie_bp
    from .learning import bp as learning_bp
    from .lti import deep_linking_views  # noqa: F401 - adds the picker's routes to lti_bp
    from .lti.routes import bp as lti_bp
    from .ops import bp as ops_bp
    from .outbox.admin import bp as outbox_admin_bp
    from .zelfscan import bp as zelfscan_bp

    return [ops_bp, lti_bp, learning_bp, dashboard_bp, zelfscan_bp, samenleer.bp, samenleer.guest_bp,
            leerlijn.bp, leerlijn.feedback_bp, intervisie_bp, export_bp, outbox_admin_bp,
            registrations_admin_bp, branding_admin_bp, branding_launch_bp, badges_bp, badges_admin_bp,
            network_admin_bp]
