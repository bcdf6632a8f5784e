"""The LTI edge: OIDC login, launch and the tool's JWKS."""

from . import deep_linking_views  # noqa: F401 - registers the picker routes on bp
from .routes import bp

__all__ = ["bp"]
