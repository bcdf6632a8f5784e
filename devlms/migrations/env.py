"""Alembic environment of the development LMS: only its ``devlms_*`` tables.

Its history is its own (version table ``devlms_alembic_version``), next to the tool's
in the same database; the URL or connection comes from :mod:`devlms.migrate`.
"""

from devlms.migrate import VERSION_TABLE, own_table
from devlms.models import DevBase
from lti_tool.migrate import run_environment

run_environment(DevBase.metadata, version_table=VERSION_TABLE, include_name=own_table)
