"""Operator pages (behind ``ADMIN_TOKEN``) besides the outbox: registrations, branding and
issued badges; the branding page also opens for an organisation's LMS administrator from a launch."""

from .badges import bp as badges_admin_bp
from .branding_views import admin_bp as branding_admin_bp
from .branding_views import launch_bp as branding_launch_bp
from .registrations import bp

__all__ = ["badges_admin_bp", "bp", "branding_admin_bp", "branding_launch_bp"]
