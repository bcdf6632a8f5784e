"""Alembic environment: the URL comes from the caller (lti_tool.migrate), never a file."""

from lti_tool.migrate import run_environment
from lti_tool.models import Base

run_environment(Base.metadata)
