"""The LTI edge: OIDC login, launch and the tool's JWKS."""

from .routes import bp

__all__ = ["bp"]
