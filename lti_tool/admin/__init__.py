"""Operator pages (behind ``ADMIN_TOKEN``) besides the outbox: registrations."""

from .registrations import bp

__all__ = ["bp"]
