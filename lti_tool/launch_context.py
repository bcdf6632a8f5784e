"""The plain ``Launch`` that the LTI edge hands to the domain code.

Domain folders (learning, zelfscan, samenleer, dashboard) only see this object,
never pylti1p3 or the raw id_token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lti.vocabulary import Scope
from .roles import has_staff_role, is_admin_role

if TYPE_CHECKING:
    from .models import LaunchSession, Learner, PlatformRegistration, ResourceLink


@dataclass(frozen=True)
class Launch:
    session_id: str
    learner_id: int
    organisation_id: int
    registration_id: int
    deployment_id: str
    context_id: int | None
    resource_link_id: int | None
    content_item_id: str | None
    roles: tuple[str, ...]
    display_name: str | None
    ags_lineitem: str | None
    ags_scopes: tuple[str, ...]
    nrps_url: str | None
    locale: str | None = None
    ags_lineitems: str | None = None

    @property
    def is_instructor(self) -> bool:
        """Staff rights (see ``roles.py``); Mentor, no role or an unknown one means learner."""
        return has_staff_role(self.roles)

    @property
    def is_admin(self) -> bool:
        return any(is_admin_role(role) for role in self.roles)

    @property
    def can_send_scores(self) -> bool:
        """A learner's launch with a score scope and a column: the launch's own, or one the
        tool may find or create through the line-items service. Staff launches are a preview: their
        progress never goes to the gradebook."""
        if self.is_instructor or Scope.SCORE not in self.ags_scopes:
            return False
        return bool(self.ags_lineitem) or self.can_manage_lineitems

    @property
    def can_manage_lineitems(self) -> bool:
        return bool(self.ags_lineitems) and Scope.LINEITEM in self.ags_scopes


def launch_of(row: LaunchSession, learner: Learner, registration: PlatformRegistration,
              link: ResourceLink | None) -> Launch:
    """The facts of the stored launch ``row`` (its learner, registration and link)."""
    ags = row.ags or {}
    return Launch(
        session_id=row.id,
        learner_id=row.learner_id,
        organisation_id=registration.organisation_id,
        registration_id=row.registration_id,
        deployment_id=row.deployment_id,
        context_id=row.context_id,
        resource_link_id=row.resource_link_id,
        content_item_id=link.content_item_id if link else None,
        roles=tuple(row.roles or ()),
        display_name=learner.name,
        ags_lineitem=ags.get("lineitem"),
        ags_scopes=tuple(ags.get("scope") or ()),
        nrps_url=row.nrps_url,
        locale=row.locale,
        ags_lineitems=ags.get("lineitems"),
    )
